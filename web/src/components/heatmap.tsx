/**
 * The last 12 months of studied minutes as a calendar heatmap: one square per day, weeks as
 * columns starting on the student's week start, future days drawn apart. Fixed thresholds (the
 * legend names them) so a colour means the same every month. Values by hover, tap and keyboard
 * (one tab stop, arrow keys move between days); Enter or a click opens that day's report.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import * as f from '../lib/format';
import { navigate } from '../lib/router';

export interface HeatDay {
  date: string;
  minutes: number;
  sessions: number;
}

const CELL = 14;
const GAP = 3;
const LEFT = 30;
const TOP = 18;
const DAY_MS = 86_400_000;

/** Lower bounds of levels 1–4, in minutes. */
export const THRESHOLDS = [1, 30, 60, 120] as const;
const LEGEND = ['None', 'Under 30 min', '30 min to 1 h', '1 to 2 h', '2 h or more'];

export const level = (value: number) => THRESHOLDS.filter((t) => value >= t).length;

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The grid: columns of 7 days from the week holding `today` minus 52 weeks, to today's week. */
export function calendarGrid(today: string, weekStart: 'monday' | 'sunday') {
  const first = weekStart === 'monday' ? 1 : 0;
  const thisWeek = addDays(today, -((weekday(today) - first + 7) % 7));
  const start = addDays(thisWeek, -52 * 7);
  return Array.from({ length: 53 * 7 }, (_, i) => addDays(start, i));
}

const describe = (d: HeatDay | undefined, date: string, future: boolean) =>
  `${f.day(date, { year: true })}: ${
    future
      ? 'still to come'
      : `${f.minutes(d?.minutes ?? 0)}, ${f.count(d?.sessions ?? 0, 'session')}`
  }`;

export function Heatmap({
  days,
  today,
  weekStart,
}: {
  days: ReadonlyMap<string, HeatDay>;
  today: string;
  weekStart: 'monday' | 'sunday';
}) {
  const grid = calendarGrid(today, weekStart);
  const todayIndex = grid.indexOf(today);
  const [focus, setFocus] = useState(todayIndex);
  const [shown, setShown] = useState<number | null>(null);
  const scroller = useRef<HTMLElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  // On a narrow screen, open on the latest weeks rather than a year ago.
  useEffect(() => {
    const element = scroller.current;
    if (element) element.scrollLeft = element.scrollWidth;
  }, [today]);

  const columns = grid.length / 7;
  const width = LEFT + columns * (CELL + GAP);
  const height = TOP + 7 * (CELL + GAP);
  const months: { x: number; label: string }[] = [];
  grid.forEach((date, i) => {
    if (date.endsWith('-01') && i < grid.length - 7) {
      months.push({ x: LEFT + Math.floor(i / 7) * (CELL + GAP), label: f.shortMonth(date) });
    }
  });
  const rowLabels = Array.from({ length: 7 }, (_, row) =>
    row % 2 === 0 ? f.day(grid[row] ?? today).split(' ')[0] : '',
  );
  const year = [...days.values()].filter((d) => grid.includes(d.date) && d.date <= today);
  const total = year.reduce((s, d) => s + d.minutes, 0);
  const active = year.filter((d) => d.minutes > 0).length;

  const open = (index: number) => {
    const date = grid[index];
    if (date && date <= today) navigate(`/dashboard/reports?kind=daily&date=${date}`);
  };
  const move = (index: number) => {
    const next = Math.max(0, Math.min(todayIndex, index));
    setFocus(next);
    setShown(next);
    svg.current?.querySelector<SVGRectElement>(`[data-index="${next}"]`)?.focus();
  };
  const onKey = (event: KeyboardEvent) => {
    const steps: Record<string, number> = {
      ArrowUp: -1,
      ArrowDown: 1,
      ArrowLeft: -7,
      ArrowRight: 7,
      Home: -((focus % 7) as number),
      End: 6 - (focus % 7),
    };
    const step = steps[event.key];
    if (step !== undefined) {
      event.preventDefault();
      move(focus + step);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(focus);
    }
  };
  const shownDate = shown === null ? null : grid[shown];
  return (
    <figure class="heatmap">
      <section
        ref={scroller}
        class="heatmap-scroll"
        // A scrolling region must be reachable by keyboard even where the cells inside are not
        // counted as focusable content (SVG).
        // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
        tabIndex={0}
        aria-label="Study calendar, scrolls sideways"
      >
        {/* biome-ignore lint/a11y/useSemanticElements: SVG has no table elements; the days form a grid */}
        <svg
          ref={svg}
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the grid's cells are focusable (roving tabindex)
          role="grid"
          aria-label="Studied minutes per day, the last 12 months. Arrow keys move, Enter opens the day's report."
          data-chart="heatmap"
          data-rendered="true"
          onKeyDown={onKey}
        >
          {months.map((m) => (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a label, not focusable; the cells name their days
            <text key={`${m.x}`} x={m.x} y={11} class="heatmap-label" aria-hidden="true">
              {m.label}
            </text>
          ))}
          {rowLabels.map((label, row) =>
            label ? (
              // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a label, not focusable; the cells name their days
              <text
                key={label}
                x={0}
                y={TOP + row * (CELL + GAP) + CELL - 3}
                class="heatmap-label"
                aria-hidden="true"
              >
                {label}
              </text>
            ) : null,
          )}
          {Array.from({ length: columns }, (_, column) => (
            // biome-ignore lint/a11y/useSemanticElements: SVG has no table elements; a week is a row of the grid
            <g key={grid[column * 7]} role="row">
              {grid.slice(column * 7, column * 7 + 7).map((date, row) => {
                const index = column * 7 + row;
                const future = date > today;
                const d = days.get(date);
                return (
                  // biome-ignore lint/a11y/useSemanticElements: an SVG square is the day's cell
                  <rect
                    key={date}
                    role="gridcell"
                    data-index={index}
                    data-date={date}
                    data-minutes={future ? undefined : (d?.minutes ?? 0)}
                    x={LEFT + column * (CELL + GAP)}
                    y={TOP + row * (CELL + GAP)}
                    width={CELL}
                    height={CELL}
                    rx={3}
                    class={future ? 'heat-future' : `heat-${level(d?.minutes ?? 0)}`}
                    tabindex={future ? undefined : index === focus ? 0 : -1}
                    aria-label={describe(d, date, future)}
                    aria-disabled={future ? 'true' : undefined}
                    onMouseEnter={() => setShown(index)}
                    onFocus={() => {
                      setFocus(index);
                      setShown(index);
                    }}
                    onClick={() => {
                      // A mouse has shown the day on hover, so a click opens it; a first tap
                      // shows the day's value and a second tap opens it.
                      setFocus(index);
                      setShown(index);
                      if (shown === index) open(index);
                    }}
                  />
                );
              })}
            </g>
          ))}
        </svg>
      </section>
      <p class="heatmap-tip" aria-live="polite" data-testid="heatmap-tip">
        {shownDate ? describe(days.get(shownDate), shownDate, shownDate > today) : ' '}
      </p>
      <figcaption>
        {active === 0
          ? 'No study recorded in the last 12 months yet.'
          : `${f.minutes(total)} over ${f.count(active, 'day')} in the last 12 months.`}
        <span class="heatmap-legend">
          {LEGEND.map((label, i) => (
            <span key={label} class="heatmap-key">
              <span class={`heatmap-swatch heat-${i}`} aria-hidden="true" />
              {label}
            </span>
          ))}
        </span>
      </figcaption>
    </figure>
  );
}
