/** A progress ring: the share of a target reached, drawn in SVG with its figure in the middle. */
import type { ComponentChildren } from 'preact';

export function Ring({
  share,
  label,
  size = 132,
  children,
}: {
  /** 0–1 and beyond; the ring fills at 1 and says so in colour. */
  share: number;
  /** What the ring measures, for screen readers ("62 % of this week's target"). */
  label: string;
  size?: number;
  children?: ComponentChildren;
}) {
  const stroke = Math.max(8, Math.round(size / 11));
  const r = (size - stroke) / 2;
  const circumference = 2 * Math.PI * r;
  const shown = Math.max(0, Math.min(1, share));
  return (
    <div
      class={`ring${share >= 1 ? ' ring-done' : ''}`}
      style={{ width: `${size}px`, height: `${size}px` }}
      role="img"
      aria-label={label}
    >
      <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden="true">
        <circle class="ring-track" cx={size / 2} cy={size / 2} r={r} stroke-width={stroke} />
        <circle
          class="ring-fill"
          cx={size / 2}
          cy={size / 2}
          r={r}
          stroke-width={stroke}
          stroke-dasharray={`${circumference * shown} ${circumference}`}
          transform={`rotate(-90 ${size / 2} ${size / 2})`}
        />
      </svg>
      <div class="ring-center" aria-hidden="true">
        {children}
      </div>
    </div>
  );
}
