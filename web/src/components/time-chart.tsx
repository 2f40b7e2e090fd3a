/**
 * A time-series chart (uPlot on a canvas) with the same figures as a table for keyboard and
 * screen-reader users. Days are calendar days, drawn on a UTC axis so no browser zone shifts them.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { day } from '../lib/format';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  bars?: boolean;
  format: (value: number | null) => string;
  /** Short labels for the value axis, where space is tight. */
  axis?: (value: number) => string;
}

export interface TimeChartProps {
  /** Accessible name of the chart, also the table's caption. */
  title: string;
  /** Calendar days `YYYY-MM-DD`, one per point. */
  days: string[];
  series: ChartSeries[];
  height?: number;
}

const toSeconds = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

export function TimeChart({ title, days, series, height = 220 }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  // Redraw when the figures change, not on every render of the page around the chart.
  const figures = JSON.stringify([days, series.map((s) => [s.label, s.values, s.color, s.bars])]);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    element.dataset.rendered = 'false';
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 240),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      legend: { show: series.length > 1 },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: { range: (_u, min, max) => [Math.min(0, min), Math.max(max, 1)] },
      },
      axes: [
        { stroke: '#374151', grid: { stroke: '#e5e7eb' } },
        {
          stroke: '#374151',
          grid: { stroke: '#e5e7eb' },
          size: 52,
          // Whole steps only: a count or minutes axis never shows "0.5".
          incrs: [1, 2, 5, 10, 15, 20, 25, 30, 50, 60, 100, 120, 240, 300, 600, 1200, 3000],
          values: (_u, ticks) => ticks.map((t) => (series[0]?.axis ?? String)(t)),
        },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          fill: s.bars ? `${s.color}cc` : `${s.color}22`,
          paths: s.bars ? bars : undefined,
          points: { show: !s.bars && days.length <= 40 },
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => s.format(v),
        })),
      ],
      hooks: {
        draw: [
          () => {
            element.dataset.rendered = 'true';
          },
        ],
      },
    };
    const data: uPlot.AlignedData = [days.map(toSeconds), ...series.map((s) => s.values)];
    const chart = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => {
      chart.setSize({ width: Math.max(element.clientWidth, 240), height });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [figures, height]);

  return (
    <figure class="chart">
      <div ref={box} class="chart-canvas" data-chart={title} role="img" aria-label={title} />
      <details class="chart-data">
        <summary>Show the figures as a table</summary>
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Period starting</th>
              {series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d, i) => (
              <tr key={d}>
                <th scope="row">{day(d, { year: true })}</th>
                {series.map((s) => (
                  <td key={s.label}>{s.format(s.values[i] ?? null)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
