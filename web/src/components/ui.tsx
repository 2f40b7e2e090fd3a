/** Small building blocks every page uses: loading, error and empty states, figures, sections. */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
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

/** When the API names no Retry-After for a waking database. */
const WAKING_RETRY_SECONDS = 5;

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
  // A waking database answers again within seconds: retry by itself, as often as it takes.
  useEffect(() => {
    if (!error.databaseWaking || !onRetry) return;
    const timer = setTimeout(onRetry, (error.retryAfterSeconds ?? WAKING_RETRY_SECONDS) * 1000);
    return () => clearTimeout(timer);
  }, [error, onRetry]);
  if (error.databaseWaking && onRetry) {
    return (
      <p class="state state-loading" role="status">
        <span class="spinner" aria-hidden="true" />
        {what}: the database is waking up, retrying…
      </p>
    );
  }
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

/**
 * A placeholder block of a fixed height (a chart, a calendar, the hero): one height, or the
 * heights of what loads on a phone and on a wider screen (from 48rem), where they differ.
 */
export function SkeletonBlock({
  label,
  height,
}: {
  label: string;
  height: string | { phone: string; wide: string };
}) {
  const { phone, wide } = typeof height === 'string' ? { phone: height, wide: height } : height;
  return (
    <div
      class="state-loading skeleton"
      role="status"
      style={{ '--skeleton-phone': phone, '--skeleton-wide': wide }}
    >
      <span class="visually-hidden">{label}</span>
      <span class="skeleton-fill" aria-hidden="true" />
    </div>
  );
}
