/** Small building blocks every page uses: loading, error and empty states, figures, sections. */
import type { ComponentChildren } from 'preact';
import type { ApiError } from '../lib/api';
import { useApp } from './context';

export function Loading({ label }: { label: string }) {
  return (
    <p class="state state-loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function ErrorNotice({
  error,
  onRetry,
  what,
}: {
  error: ApiError;
  onRetry?: () => void;
  what: string;
}) {
  const { signIn } = useApp();
  return (
    <div class="state state-error" role="alert">
      <p>
        <strong>{what} could not be loaded.</strong> {error.message}
      </p>
      {error.signInRequired ? (
        <button type="button" onClick={() => void signIn()}>
          Sign in again
        </button>
      ) : (
        onRetry && (
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        )
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="state state-empty">{children}</div>;
}

export function Section({
  title,
  id,
  children,
  actions,
}: {
  title: string;
  id: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <section class="panel" aria-labelledby={`${id}-title`} id={id}>
      <div class="panel-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {actions && <div class="panel-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

export function Stat({
  label,
  value,
  detail,
  tone,
}: {
  label: string;
  value: string;
  detail?: string;
  tone?: 'up' | 'down' | 'neutral';
}) {
  return (
    <div class="stat">
      <dt>{label}</dt>
      <dd>
        <span class="stat-value">{value}</span>
        {detail && <span class={`stat-detail tone-${tone ?? 'neutral'}`}>{detail}</span>}
      </dd>
    </div>
  );
}

/** A form's outcome, announced to screen readers. */
export function FormMessage({ message }: { message: { ok: boolean; text: string } | null }) {
  if (!message) return <p class="form-message" aria-live="polite" />;
  return (
    <p
      class={`form-message ${message.ok ? 'ok' : 'bad'}`}
      role={message.ok ? 'status' : 'alert'}
      aria-live="polite"
    >
      {message.text}
    </p>
  );
}

/** A wide table that scrolls on its own at phone width instead of widening the page. */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard
    <section class="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

/**
 * A placeholder the size of what is loading (rows of a list or table), so the page does not
 * jump when the data arrives. Announced as loading to screen readers.
 */
export function SkeletonRows({ label, rows = 3 }: { label: string; rows?: number }) {
  return (
    <div class="state-loading skeleton" role="status">
      <span class="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <span key={i} class="skeleton-row" aria-hidden="true" />
      ))}
    </div>
  );
}

/** A placeholder block of a fixed height (a chart, a calendar, the hero). */
export function SkeletonBlock({ label, height }: { label: string; height: string }) {
  return (
    <div class="state-loading skeleton" role="status" style={{ minHeight: height }}>
      <span class="visually-hidden">{label}</span>
      <span class="skeleton-fill" aria-hidden="true" style={{ height }} />
    </div>
  );
}
