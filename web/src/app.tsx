/** The dashboard shell: sign-in state, preferences, navigation, and the page for the path. */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AppContext, type AppContextValue } from './components/context';
import { Link } from './components/link';
import { MiniTimer } from './components/mini-timer';
import { ThemeToggle } from './components/theme-toggle';
import { type Api, ApiError } from './lib/api';
import type { Auth, AuthState } from './lib/auth';
import { type AppConfig, CALLBACK_PATH } from './lib/config';
import { navigate, useLocation } from './lib/router';
import type { Preferences, StudentClass } from './lib/types';
import { AnalyticsPage } from './pages/analytics';
import { GoalsPage } from './pages/goals';
import { MyDataPage } from './pages/my-data';
import { ReportsPage } from './pages/reports';
import { SessionDetailPage, SessionsPage } from './pages/sessions';

const PAGES = [
  { path: '/dashboard/analytics', label: 'Analytics' },
  { path: '/dashboard/sessions', label: 'Sessions' },
  { path: '/dashboard/goals', label: 'Goals' },
  { path: '/dashboard/reports', label: 'Reports' },
  { path: '/dashboard/my-data', label: 'Your data' },
] as const;

const DEFAULT_PREFERENCES: Preferences = {
  timezone: 'UTC',
  week_start: 'monday',
  day_starts_at_hour: 0,
};

function route(path: string) {
  const detail = /^\/dashboard\/sessions\/(\d+)$/.exec(path);
  if (detail?.[1]) return { title: 'Session', page: <SessionDetailPage id={Number(detail[1])} /> };
  switch (path) {
    case '/dashboard/analytics':
      return { title: 'Analytics', page: <AnalyticsPage /> };
    case '/dashboard/sessions':
      return { title: 'Sessions', page: <SessionsPage /> };
    case '/dashboard/goals':
      return { title: 'Goals', page: <GoalsPage /> };
    case '/dashboard/reports':
      return { title: 'Reports', page: <ReportsPage /> };
    case '/dashboard/my-data':
      return { title: 'Your data', page: <MyDataPage /> };
    default:
      return { title: 'Not found', page: <NotFound /> };
  }
}

function NotFound() {
  return (
    <>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        There is no page here. Go to <Link href="/dashboard/analytics">your analytics</Link>.
      </p>
    </>
  );
}

function useAuthState(auth: Auth): AuthState {
  const [state, setState] = useState(auth.current);
  useEffect(() => auth.subscribe(setState), [auth]);
  return state;
}

export function App({
  config,
  auth,
  api,
  firstPreferences,
}: {
  config: AppConfig;
  auth: Auth;
  api: Api;
  /** The preferences, already asked for at start-up (used for the first read only). */
  firstPreferences?: Promise<Preferences>;
}) {
  const authState = useAuthState(auth);
  const { path } = useLocation();
  const [preferences, setPreferences] = useState<Preferences>(DEFAULT_PREFERENCES);
  const [preferencesLoaded, setPreferencesLoaded] = useState(false);
  const [preferencesVersion, setPreferencesVersion] = useState(0);
  const [preferencesError, setPreferencesError] = useState<ApiError | null>(null);
  const [preferencesAttempt, setPreferencesAttempt] = useState(0);
  const reloadPreferences = useCallback(() => setPreferencesAttempt((n) => n + 1), []);
  const savePreferences = useCallback((p: Preferences, reread = true) => {
    setPreferences(p);
    if (reread) setPreferencesVersion((v) => v + 1);
  }, []);
  // Bumped after signing in again, so every page reads its data anew.
  const [epoch, setEpoch] = useState(0);
  const [callbackError, setCallbackError] = useState<string | null>(null);
  const needsSignIn = config.mode === 'oidc' && authState.status === 'signed-out';

  useEffect(() => {
    if (path === '/' || path === '/dashboard') navigate('/dashboard/analytics', { replace: true });
  }, [path]);

  useEffect(() => {
    if (path !== CALLBACK_PATH || config.mode !== 'oidc') return;
    auth.completeSignIn(new URL(location.href)).then(
      (to) => navigate(to, { replace: true }),
      (err: unknown) => setCallbackError(err instanceof Error ? err.message : String(err)),
    );
  }, [path, auth, config.mode]);

  const prefetchedPreferences = useRef(firstPreferences);
  useLayoutEffect(() => {
    if (needsSignIn || path === CALLBACK_PATH) return;
    const controller = new AbortController();
    setPreferencesError(null);
    const prefetched = prefetchedPreferences.current;
    prefetchedPreferences.current = undefined;
    (prefetched ?? api.call('get', '/preferences', { signal: controller.signal })).then(
      (p) => {
        if (controller.signal.aborted) return;
        setPreferences(p);
        setPreferencesLoaded(true);
      },
      (err: unknown) => {
        // Days are shown in UTC meanwhile; the preferences form says what went wrong.
        if (!controller.signal.aborted && err instanceof ApiError) setPreferencesError(err);
      },
    );
    return () => controller.abort();
  }, [api, needsSignIn, epoch, preferencesAttempt, path === CALLBACK_PATH]);

  const [classes, setClasses] = useState<readonly StudentClass[]>([]);
  const [classesAttempt, setClassesAttempt] = useState(0);
  const reloadClasses = useCallback(() => setClassesAttempt((n) => n + 1), []);
  useEffect(() => {
    if (needsSignIn || path === CALLBACK_PATH) return;
    const controller = new AbortController();
    api.call('get', '/classes', { signal: controller.signal, background: true }).then(
      (answer) => setClasses(answer.classes),
      () => {
        // Without names, classes show their numbers; nothing else depends on them.
      },
    );
    return () => controller.abort();
  }, [api, needsSignIn, epoch, classesAttempt, path === CALLBACK_PATH]);
  const classNames = useMemo(
    () =>
      new Map(classes.flatMap((c) => (c.class_name ? [[c.class_id, c.class_name] as const] : []))),
    [classes],
  );

  const signIn = useCallback(async () => {
    await auth.signIn();
    setEpoch((e) => e + 1);
  }, [auth]);

  const context = useMemo<AppContextValue>(
    () => ({
      api,
      auth,
      signIn,
      preferences,
      preferencesLoaded,
      preferencesVersion,
      preferencesError,
      reloadPreferences,
      setPreferences: savePreferences,
      classes,
      classNames,
      reloadClasses,
    }),
    [
      api,
      auth,
      signIn,
      preferences,
      preferencesLoaded,
      preferencesVersion,
      preferencesError,
      reloadPreferences,
      savePreferences,
      classes,
      classNames,
      reloadClasses,
    ],
  );

  const current = route(path);
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(path);
  useEffect(() => {
    document.title = `${current.title} · Study Analytics`;
    // After a client-side navigation, move focus to the new page's heading, as a page load would.
    if (path !== firstPath.current) {
      firstPath.current = '';
      const heading = main.current?.querySelector<HTMLElement>('h1');
      (heading ?? main.current)?.focus();
    }
  }, [path, current.title]);

  let content = current.page;
  if (path === CALLBACK_PATH) {
    content = callbackError ? (
      <SignInScreen auth={auth} message={callbackError} />
    ) : (
      <p role="status">Signing you in…</p>
    );
  } else if (needsSignIn) {
    content = <SignInScreen auth={auth} message={authState.reason} />;
  }

  return (
    <AppContext.Provider value={context}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <span class="brand">Study Analytics</span>
          <nav aria-label="Dashboard">
            <ul>
              {PAGES.map((p) => (
                <li key={p.path}>
                  <Link href={p.path} aria-current={path.startsWith(p.path) ? 'page' : undefined}>
                    {p.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <MiniTimer />
          <ThemeToggle />
          <div class="who">
            {authState.status === 'signed-in' ? (
              <>
                <span>
                  Signed in as <strong data-testid="user">{authState.user ?? 'you'}</strong>
                </span>
                {config.mode === 'oidc' && (
                  <button type="button" class="link-button" onClick={() => auth.signOut()}>
                    Sign out
                  </button>
                )}
              </>
            ) : null}
          </div>
        </div>
      </header>
      {authState.status === 'signed-out' && authState.reason && config.mode === 'local' && (
        <div class="banner" role="alert">
          {authState.reason}{' '}
          <button type="button" onClick={() => void signIn()}>
            Sign in again
          </button>
        </div>
      )}
      <main id="main" ref={main} tabIndex={-1} key={epoch}>
        {content}
      </main>
    </AppContext.Provider>
  );
}

function SignInScreen({ auth, message }: { auth: Auth; message: string | undefined }) {
  return (
    <div class="sign-in">
      <h1 tabIndex={-1}>Sign in</h1>
      {message && <p role="alert">{message}</p>}
      <p>Sign in to see your study sessions, goals and reports.</p>
      <button type="button" class="primary" onClick={() => void auth.signIn()}>
        Sign in
      </button>
    </div>
  );
}
