/**
 * A time-series chart (uPlot on a canvas) with hover, tap and keyboard tooltips, ticks on period
 * starts (days, weeks or months), whole bars at both ends, and the same figures as a table for
 * screen-reader users. Days are calendar days, drawn on a UTC axis so no browser zone shifts them.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import * as f from '../lib/format';
import { themeColor, useTheme } from '../lib/theme';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** A colour variable of the theme, e.g. `--chart-1`. */
  color: string;
  bars?: boolean;
  format: (value: number | null) => string;
  /** Short labels for the value axis, where space is tight. */
  axis?: (value: number) => string;
}

export type Grain = 'daily' | 'weekly' | 'monthly';

/** A share of the first series' bars (a class's minutes), stacked in the order given. */
export interface ChartPart {
  label: string;
  values: number[];
  color: string;
}

export interface TimeChartProps {
  /** Accessible name of the chart, also the table's caption. */
  title: string;
  /** Period starts `YYYY-MM-DD`, one per point. */
  days: string[];
  grain?: Grain;
  series: ChartSeries[];
  height?: number;
  /** The first series' bars split into stacked parts, each in its colour, with a legend. */
  parts?: ChartPart[];
  /** The same number of periods just before, drawn as pale bars behind the first series. */
  ghost?: { label: string; values: (number | null)[] };
  /** A target drawn as a dashed line across the chart. */
  goal?: { label: string; value: number };
}

const toSeconds = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

/** How a period is named on the axis and in the tooltip. */
export const periodLabel = (date: string, grain: Grain, long = false) =>
  grain === 'monthly'
    ? long
      ? f.month(date.slice(0, 7))
      : f.shortMonth(date)
    : grain === 'weekly'
      ? `${long ? 'Week of ' : ''}${f.shortDay(date)}`
      : long
        ? f.day(date, { year: true })
        : f.shortDay(date);

/** Every nth period gets a tick, so labels never overlap: about one per 64 px. */
const tickEvery = (count: number, width: number) =>
  Math.max(1, Math.ceil(count / Math.max(1, Math.floor(width / 64))));

/** How far the tooltip sits left of its period: whole at the ends, centred in between. */
const edgeShift = (index: number, count: number) =>
  index < count / 4 ? '-10%' : index >= (count * 3) / 4 ? '-90%' : '-50%';

/** Running totals of the parts: each part's bar reaches from the one below it to its own top. */
const stackOf = (parts: ChartPart[]) => {
  const tops: number[][] = [];
  parts.forEach((part, k) => {
    tops.push(part.values.map((v, i) => (tops[k - 1]?.[i] ?? 0) + v));
  });
  return tops;
};

export function TimeChart({
  title,
  days,
  grain = 'daily',
  series,
  height = 220,
  parts = [],
  ghost,
  goal,
}: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const [theme] = useTheme();
  const [tip, setTip] = useState<{ index: number; left: number } | null>(null);
  // Redraw when the figures change, not on every render of the page around the chart.
  const figures = JSON.stringify([
    days,
    grain,
    series.map((s) => [s.label, s.values, s.bars]),
    parts,
    ghost,
    goal,
  ]);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    element.dataset.rendered = 'false';
    const xs = days.map(toSeconds);
    const step = xs.length > 1 ? (xs[1] ?? 0) - (xs[0] ?? 0) : 86_400;
    const bars = uPlot.paths.bars?.({ size: [0.7, 48], align: 0 });
    const axis = themeColor('--chart-axis') || '#374151';
    const grid = themeColor('--chart-grid') || '#e5e7eb';
    const width = () => Math.max(element.clientWidth, 240);
    const options: uPlot.Options = {
      width: width(),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      legend: { show: false },
      cursor: {
        drag: { x: false, y: false },
        points: { show: false },
      },
      scales: {
        // Half a period of room at each end: the first and last bars are drawn whole.
        x: { time: true, range: () => [(xs[0] ?? 0) - step / 2, (xs.at(-1) ?? 0) + step / 2] },
        y: {
          range: (_u, min, max) => [Math.min(0, min), Math.max(max, goal?.value ?? 0, 1) * 1.08],
        },
      },
      axes: [
        {
          stroke: axis,
          grid: { stroke: grid },
          ticks: { stroke: grid },
          // Ticks on period starts only: days on a day chart, weeks on a week chart.
          splits: (u) => {
            const every = tickEvery(xs.length, u.bbox.width / devicePixelRatio);
            return xs.filter((_, i) => (xs.length - 1 - i) % every === 0);
          },
          values: (_u, ticks) =>
            ticks.map((t) => periodLabel(new Date(t * 1000).toISOString().slice(0, 10), grain)),
        },
        {
          stroke: axis,
          grid: { stroke: grid },
          ticks: { stroke: grid },
          size: 56,
          // Whole steps only: a count or minutes axis never shows "0.5".
          incrs: [1, 2, 5, 10, 15, 20, 25, 30, 50, 60, 100, 120, 240, 300, 600, 1200, 3000],
          values: (_u, ticks) => ticks.map((t) => (series[0]?.axis ?? String)(t)),
        },
      ],
      series: [
        {},
        ...(ghost
          ? [
              {
                label: ghost.label,
                stroke: themeColor('--chart-ghost') || '#94a3b8',
                width: 1,
                dash: [4, 3],
                fill: `${themeColor('--chart-ghost') || '#94a3b8'}33`,
                paths: uPlot.paths.bars?.({ size: [0.9, 60], align: 0 }),
                points: { show: false },
              },
            ]
          : []),
        // The tallest running total first, so each shorter one is painted over it.
        ...stackOf(parts)
          .map((_, k) => {
            const color = themeColor(parts[k]?.color ?? '') || '#2563eb';
            return {
              label: parts[k]?.label,
              stroke: color,
              width: 0,
              fill: color,
              paths: bars,
              points: { show: false },
            };
          })
          .reverse(),
        ...series.map((s, i) => {
          const color = themeColor(s.color) || '#2563eb';
          return {
            label: s.label,
            stroke: color,
            width: 2,
            fill: s.bars ? `${color}cc` : `${color}22`,
            paths: s.bars ? bars : undefined,
            points: { show: !s.bars && days.length <= 40 },
            spanGaps: false,
            // The parts stand for the first series' bars, which stay for the cursor only.
            show: !(i === 0 && parts.length > 0),
          };
        }),
      ],
      hooks: {
        draw: [
          (u) => {
            if (goal) {
              const y = Math.round(u.valToPos(goal.value, 'y', true));
              const { ctx } = u;
              ctx.save();
              ctx.strokeStyle = themeColor('--chart-goal') || '#b91c1c';
              ctx.lineWidth = 2 * devicePixelRatio;
              ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
              ctx.beginPath();
              ctx.moveTo(u.bbox.left, y);
              ctx.lineTo(u.bbox.left + u.bbox.width, y);
              ctx.stroke();
              ctx.restore();
            }
            element.dataset.rendered = 'true';
          },
        ],
        setCursor: [
          (u) => {
            const index = u.cursor.idx;
            setTip(
              index === null || index === undefined
                ? null
                : { index, left: u.valToPos(xs[index] ?? 0, 'x') + u.bbox.left / devicePixelRatio },
            );
          },
        ],
      },
    };
    const data: uPlot.AlignedData = [
      xs,
      ...(ghost ? [ghost.values] : []),
      ...stackOf(parts).reverse(),
      ...series.map((s) => s.values),
    ];
    const plot = new uPlot(options, data, element);
    chart.current = plot;
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
      chart.current = null;
    };
  }, [figures, height, theme]);

  /** Arrow keys walk the periods and show each one's tooltip. */
  const onKey = (event: KeyboardEvent) => {
    const plot = chart.current;
    if (!plot || days.length === 0) return;
    const current = tip?.index ?? days.length;
    const next =
      event.key === 'ArrowLeft'
        ? current - 1
        : event.key === 'ArrowRight'
          ? current + 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? days.length - 1
              : null;
    if (next === null) return;
    event.preventDefault();
    const index = Math.max(0, Math.min(days.length - 1, next));
    plot.setCursor({ left: plot.valToPos(toSeconds(days[index] ?? ''), 'x'), top: 10 });
  };

  const tipDate = tip ? days[tip.index] : undefined;
  return (
    <figure class="chart">
      <div
        ref={box}
        class="chart-canvas"
        data-chart={title}
        role="img"
        aria-label={`${title}. Arrow keys read each period.`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: arrow keys read the chart's periods
        tabIndex={0}
        onKeyDown={onKey}
        onBlur={() => chart.current?.setCursor({ left: -10, top: -10 })}
      />
      <div
        class="chart-tip"
        role="status"
        data-testid="chart-tip"
        hidden={!tipDate}
        // Centred on its period, but kept inside the chart at either end.
        style={{
          left: `${tip?.left ?? 0}px`,
          top: '0.25rem',
          transform: `translateX(${edgeShift(tip?.index ?? 0, days.length)})`,
        }}
      >
        {tipDate && (
          <>
            <strong>{periodLabel(tipDate, grain, true)}</strong>
            {series.map((s) => (
              <span key={s.label}>
                {' · '}
                {series.length > 1 ? `${s.label}: ` : ''}
                {s.format(s.values[tip?.index ?? 0] ?? null)}
              </span>
            ))}
            {parts
              .filter((p) => (p.values[tip?.index ?? 0] ?? 0) > 0)
              .map((p) => (
                <span key={p.label} class="chart-tip-part">
                  {p.label}: {series[0]?.format(p.values[tip?.index ?? 0] ?? 0)}
                </span>
              ))}
            {ghost && (
              <span class="chart-tip-part">
                {ghost.label}: {series[0]?.format(ghost.values[tip?.index ?? 0] ?? null)}
              </span>
            )}
          </>
        )}
      </div>
      {(parts.length > 0 || ghost || goal) && (
        <ul class="chart-legend" aria-label={`${title}: legend`}>
          {parts.map((p) => (
            <li key={p.label}>
              <span class="swatch" aria-hidden="true" style={{ background: `var(${p.color})` }} />
              {p.label}
            </li>
          ))}
          {ghost && (
            <li>
              <span class="swatch swatch-ghost" aria-hidden="true" />
              {ghost.label}
            </li>
          )}
          {goal && (
            <li>
              <span class="swatch swatch-goal" aria-hidden="true" />
              {goal.label}
            </li>
          )}
        </ul>
      )}
      <details class="chart-data">
        <summary>Show the figures as a table</summary>
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              {series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
              {parts.map((p) => (
                <th scope="col" key={p.label}>
                  {p.label}
                </th>
              ))}
              {ghost && <th scope="col">{ghost.label}</th>}
            </tr>
          </thead>
          <tbody>
            {days.map((d, i) => (
              <tr key={d}>
                <th scope="row">{periodLabel(d, grain, true)}</th>
                {series.map((s) => (
                  <td key={s.label}>{s.format(s.values[i] ?? null)}</td>
                ))}
                {parts.map((p) => (
                  <td key={p.label}>{series[0]?.format(p.values[i] ?? 0)}</td>
                ))}
                {ghost && <td>{series[0]?.format(ghost.values[i] ?? null)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
