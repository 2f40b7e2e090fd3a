/**
 * Who the dashboard calls the API as. Locally it asks the gateway's dev issuer for a token for
 * the demo user; deployed, it signs in through the configured OIDC issuer (authorization code
 * with PKCE) and keeps the tokens for this tab only.
 */
import { type AppConfig, CALLBACK_PATH, type OidcConfig } from './config';
import { beginSignIn, completeSignIn, refreshTokens, type Tokens } from './pkce';

export type AuthState =
  | { status: 'signed-in'; user: string | undefined }
  | { status: 'signed-out'; reason: string | undefined };

const TOKENS_KEY = 'study-analytics.tokens';

/** Who a JWT names, for display only: the API verifies the token, the page never does. */
export function tokenSubject(token: string): string | undefined {
  try {
    const payload = (token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload)) as { sub?: unknown; username?: unknown };
    // Cognito access tokens carry the readable name in `username`; `sub` is a UUID there.
    const name = claims.username ?? claims.sub;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

export class SignInRequired extends Error {}

export class Auth {
  private state: AuthState = { status: 'signed-out', reason: undefined };
  private readonly listeners = new Set<(state: AuthState) => void>();
  private pending: Promise<string> | undefined;

  constructor(
    readonly config: AppConfig,
    private readonly storage: Storage = sessionStorage,
  ) {
    const tokens = this.stored();
    if (tokens) this.state = { status: 'signed-in', user: tokenSubject(tokens.accessToken) };
  }

  get current(): AuthState {
    return this.state;
  }

  subscribe(listener: (state: AuthState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(state: AuthState) {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }

  private stored(): Tokens | undefined {
    try {
      const raw = this.storage.getItem(TOKENS_KEY);
      return raw ? (JSON.parse(raw) as Tokens) : undefined;
    } catch {
      return undefined;
    }
  }

  private keep(tokens: Tokens): string {
    this.storage.setItem(TOKENS_KEY, JSON.stringify(tokens));
    this.set({ status: 'signed-in', user: tokenSubject(tokens.accessToken) });
    return tokens.accessToken;
  }

  /** A usable access token: the stored one, a refreshed one, or (locally) a new one. */
  token(): Promise<string> {
    const tokens = this.stored();
    if (tokens && tokens.expiresAt > Date.now()) return Promise.resolve(tokens.accessToken);
    // Concurrent requests share one refresh.
    this.pending ??= this.renew(tokens).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async renew(tokens: Tokens | undefined): Promise<string> {
    if (this.config.mode === 'local') return this.keep(await localToken(this.config.user));
    if (tokens?.refreshToken) {
      try {
        return this.keep(await refreshTokens(this.config, tokens.refreshToken));
      } catch {
        // fall through to a new sign-in
      }
    }
    this.storage.removeItem(TOKENS_KEY);
    this.set({ status: 'signed-out', reason: tokens ? 'Your session has ended.' : undefined });
    throw new SignInRequired('Sign in to see your study analytics.');
  }

  /** The API refused the token: forget it, so the next request gets a fresh one or signs in. */
  rejected(token: string): void {
    const tokens = this.stored();
    if (tokens?.accessToken === token) this.keepQuietly({ ...tokens, expiresAt: 0 });
  }

  private keepQuietly(tokens: Tokens) {
    this.storage.setItem(TOKENS_KEY, JSON.stringify(tokens));
  }

  /** The API refused a fresh token too: nothing left to try without the student. */
  signedOut(reason: string): void {
    this.storage.removeItem(TOKENS_KEY);
    this.set({ status: 'signed-out', reason });
  }

  async signIn(returnTo = location.pathname + location.search): Promise<void> {
    if (this.config.mode === 'local') {
      this.keep(await localToken(this.config.user));
      return;
    }
    location.assign(await beginSignIn(this.config, this.storage, returnTo));
  }

  /** On the redirect URI: trades the code for tokens and answers where to go next. */
  async completeSignIn(url: URL): Promise<string> {
    const config = this.config as OidcConfig;
    const { tokens, returnTo } = await completeSignIn(config, url, this.storage);
    this.keep(tokens);
    // Only a path of this app: never another origin (`//host`) or the callback again.
    return returnTo.startsWith('/') &&
      !returnTo.startsWith('//') &&
      !returnTo.startsWith(CALLBACK_PATH)
      ? returnTo
      : '/dashboard/analytics';
  }

  signOut(): void {
    this.storage.removeItem(TOKENS_KEY);
    this.set({ status: 'signed-out', reason: 'You signed out.' });
    if (this.config.mode === 'oidc' && this.config.logoutUrl) {
      const url = new URL(this.config.logoutUrl);
      url.searchParams.set('client_id', this.config.clientId);
      // Cognito's /logout reads logout_uri; an OIDC end-session endpoint post_logout_redirect_uri.
      // Exactly as registered with the app client: the app's root, with its slash.
      url.searchParams.set('logout_uri', `${location.origin}/`);
      url.searchParams.set('post_logout_redirect_uri', `${location.origin}/`);
      location.assign(url.toString());
    }
  }
}

/** The local stack's dev issuer (GET /_local/token): the stand-in for a hosted sign-in page. */
async function localToken(user: string): Promise<Tokens> {
  let response: Response;
  try {
    response = await fetch(`/_local/token?user=${encodeURIComponent(user)}`, { cache: 'no-store' });
  } catch {
    throw new SignInRequired('The local sign-in could not be reached. Is `npm start` running?');
  }
  if (!response.ok) throw new SignInRequired(`The local sign-in failed (${response.status}).`);
  const body = (await response.json()) as { token: string; expires_at: string };
  return { accessToken: body.token, expiresAt: Date.parse(body.expires_at) - 60_000 };
}
