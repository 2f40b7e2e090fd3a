/** Loading state for one API read: loading → ready | error, with reload and stale-while-reload. */
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';

export interface Resource<T> {
  status: 'loading' | 'ready' | 'error';
  data: T | undefined;
  error: ApiError | undefined;
  /** True while a reload runs with the previous data still shown. */
  refreshing: boolean;
  reload(): void;
}

const asApiError = (err: unknown) =>
  err instanceof ApiError
    ? err
    : new ApiError(0, err instanceof Error ? err.message : 'Something went wrong.');

/**
 * `key` names what is loaded: when it changes, the read starts again from a loading state.
 * `refresh` says the same thing may have changed: when it changes, the read runs again while
 * the data already shown stays (no spinner, focus stays where it was).
 */
export function useResource<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  refresh: unknown = 0,
): Resource<T> {
  const [state, setState] = useState<Omit<Resource<T>, 'reload'>>({
    status: 'loading',
    data: undefined,
    error: undefined,
    refreshing: false,
  });
  const [version, setVersion] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const shownKey = useRef<string | null>(null);

  // Layout effect: the request starts right after render, not a frame later.
  useLayoutEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    const sameKey = shownKey.current === key;
    setState((s) =>
      sameKey && s.status === 'ready'
        ? { ...s, refreshing: true }
        : { status: 'loading', data: undefined, error: undefined, refreshing: false },
    );
    loadRef.current(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        shownKey.current = key;
        setState({ status: 'ready', data, error: undefined, refreshing: false });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        // A failed refresh keeps what was shown and says why beside it.
        setState((s) =>
          sameKey && s.data !== undefined
            ? { ...s, error: asApiError(err), refreshing: false }
            : { status: 'error', data: undefined, error: asApiError(err), refreshing: false },
        );
      },
    );
    return () => controller.abort();
  }, [key, version, refresh]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}
