/**
 * A year of studied minutes as a calendar heatmap: one square per day, weeks as columns. Each
 * square names its day and minutes; the summary and legend say the same in words.
 */
import { useEffect, useRef } from 'preact/hooks';
import { day, minutes } from '../lib/format';
import type { Heatmap as HeatmapData } from '../lib/types';

const CELL = 12;
const GAP = 3;
const LEVELS = ['#e5e7eb', '#bfdbfe', '#60a5fa', '#2563eb', '#1e3a8a'];
const WEEKDAYS = ['Mon', '', 'Wed', '', 'Fri', '', ''];

/** 0 for no study; 1–4 by quarter of the year's busiest day. */
export const level = (value: number, max: number) =>
  value <= 0 || max <= 0 ? 0 : Math.min(4, Math.ceil((value / max) * 4));

export function Heatmap({ data }: { data: HeatmapData }) {
  const scroller = useRef<HTMLElement>(null);
  // On a narrow screen, open on the latest weeks rather than on January.
  useEffect(() => {
    const element = scroller.current;
    if (element) element.scrollLeft = element.scrollWidth;
  }, [data.year]);
  const first = data.days[0]?.date;
  if (!first) return null;
  // Monday-first rows; the first column starts on the Monday on or before 1 January.
  const offset = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
  const columns = Math.ceil((data.days.length + offset) / 7);
  const width = 28 + columns * (CELL + GAP);
  const height = 18 + 7 * (CELL + GAP);
  const months: { x: number; label: string }[] = [];
  data.days.forEach((d, i) => {
    if (d.date.endsWith('-01')) {
      months.push({
        x: 28 + Math.floor((i + offset) / 7) * (CELL + GAP),
        label: day(d.date, { weekday: false }).split(' ')[1] ?? '',
      });
    }
  });
  return (
    <figure class="heatmap">
      <section
        ref={scroller}
        class="heatmap-scroll"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling year must be reachable by keyboard
        tabIndex={0}
        aria-label={`Study calendar ${data.year}`}
      >
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={`Studied minutes per day in ${data.year}, darker is more`}
          data-chart="heatmap"
          data-rendered="true"
        >
          {months.map((m) => (
            <text key={m.label} x={m.x} y={10} class="heatmap-label">
              {m.label}
            </text>
          ))}
          {WEEKDAYS.map((label, row) =>
            label ? (
              <text key={label} x={0} y={18 + row * (CELL + GAP) + CELL - 2} class="heatmap-label">
                {label}
              </text>
            ) : null,
          )}
          {data.days.map((d, i) => {
            const slot = i + offset;
            return (
              <rect
                key={d.date}
                x={28 + Math.floor(slot / 7) * (CELL + GAP)}
                y={18 + (slot % 7) * (CELL + GAP)}
                width={CELL}
                height={CELL}
                rx={2}
                fill={LEVELS[level(d.minutes, data.max_minutes)]}
                data-date={d.date}
                data-minutes={d.minutes}
              >
                <title>{`${day(d.date, { year: true })}: ${minutes(d.minutes)}, ${d.sessions} session${d.sessions === 1 ? '' : 's'}`}</title>
              </rect>
            );
          })}
        </svg>
      </section>
      <figcaption>
        {data.active_days === 0
          ? `No study recorded in ${data.year} yet.`
          : `${minutes(data.total_minutes)} over ${data.active_days} day${data.active_days === 1 ? '' : 's'} in ${data.year}; the busiest day had ${minutes(data.max_minutes)}.`}
        <span class="heatmap-legend" aria-hidden="true">
          Less
          {LEVELS.map((color) => (
            <span key={color} class="heatmap-swatch" style={{ background: color }} />
          ))}
          More
        </span>
      </figcaption>
    </figure>
  );
}
