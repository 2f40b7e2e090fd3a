/**
 * OpenID Connect authorization code flow with PKCE (RFC 7636) for a public client: the browser
 * holds no secret, so each sign-in proves with a one-time verifier that it is the party that
 * started it. Only Web Crypto and fetch; the storage and the navigation are passed in.
 */

export interface OidcEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  redirectUri: string;
  scope: string;
}

export interface Tokens {
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds after which the access token is no longer used. */
  expiresAt: number;
}

/** What survives the round trip to the issuer's sign-in page (sessionStorage). */
interface PendingSignIn {
  state: string;
  verifier: string;
  returnTo: string;
}

const PENDING_KEY = 'study-analytics.pkce';
/** Tokens are treated as expired this long before they are, so no request races the expiry. */
const EXPIRY_MARGIN_MS = 60_000;

export const base64Url = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

/** 32 random bytes: a 43-character verifier, within RFC 7636's 43–128. */
export const randomToken = (bytes = 32): string =>
  base64Url(crypto.getRandomValues(new Uint8Array(bytes)));

/** `S256`: BASE64URL(SHA-256(ASCII(verifier))). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export function authorizationUrl(
  endpoints: OidcEndpoints,
  params: { state: string; challenge: string },
): string {
  const url = new URL(endpoints.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: endpoints.clientId,
    redirect_uri: endpoints.redirectUri,
    scope: endpoints.scope,
    state: params.state,
    code_challenge: params.challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/** Starts a sign-in: remembers state and verifier, and answers the URL to send the browser to. */
export async function beginSignIn(
  endpoints: OidcEndpoints,
  storage: Storage,
  returnTo: string,
): Promise<string> {
  const pending: PendingSignIn = { state: randomToken(16), verifier: randomToken(), returnTo };
  storage.setItem(PENDING_KEY, JSON.stringify(pending));
  return authorizationUrl(endpoints, {
    state: pending.state,
    challenge: await codeChallenge(pending.verifier),
  });
}

export class SignInError extends Error {}

async function tokenRequest(
  endpoints: OidcEndpoints,
  form: Record<string, string>,
  fetchImpl: typeof fetch,
  now: number,
): Promise<Tokens> {
  const response = await fetchImpl(endpoints.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: endpoints.clientId, ...form }).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== 'string') {
    const reason = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    throw new SignInError(`The sign-in service refused the request (${reason})`);
  }
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expiresAt: now + expiresIn * 1000 - EXPIRY_MARGIN_MS,
  };
}

/**
 * Finishes a sign-in on the redirect URI: checks the state, then trades the code and verifier
 * for tokens. The pending state is removed whatever happens, so a code is never replayed.
 */
export async function completeSignIn(
  endpoints: OidcEndpoints,
  callbackUrl: URL,
  storage: Storage,
  fetchImpl: typeof fetch = fetch,
  now = Date.now(),
): Promise<{ tokens: Tokens; returnTo: string }> {
  const raw = storage.getItem(PENDING_KEY);
  storage.removeItem(PENDING_KEY);
  const params = callbackUrl.searchParams;
  const error = params.get('error');
  if (error) {
    throw new SignInError(`Sign-in failed: ${params.get('error_description') ?? error}`);
  }
  const pending = raw ? (JSON.parse(raw) as PendingSignIn) : undefined;
  const code = params.get('code');
  if (!pending || !code || params.get('state') !== pending.state) {
    throw new SignInError('This sign-in link is stale or was not started here; sign in again.');
  }
  const tokens = await tokenRequest(
    endpoints,
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: endpoints.redirectUri,
      code_verifier: pending.verifier,
    },
    fetchImpl,
    now,
  );
  return { tokens, returnTo: pending.returnTo };
}

export const refreshTokens = (
  endpoints: OidcEndpoints,
  refreshToken: string,
  fetchImpl: typeof fetch = fetch,
  now = Date.now(),
): Promise<Tokens> =>
  tokenRequest(
    endpoints,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    fetchImpl,
    now,
  ).then((tokens) => ({ ...tokens, refreshToken: tokens.refreshToken ?? refreshToken }));
