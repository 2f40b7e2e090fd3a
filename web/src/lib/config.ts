/**
 * The dashboard's runtime configuration, `/config.json` next to the app. Locally the gateway
 * answers `{"mode":"local"}`; deployed, infra uploads the issuer and client of the Cognito
 * hosted UI (or any OIDC issuer) and the API's URL.
 */
import type { OidcEndpoints } from './pkce';

export const API_PATH = '/api/analytics';
export const CALLBACK_PATH = '/dashboard/callback';

export interface LocalConfig {
  mode: 'local';
  apiUrl: string;
  /** The local sign-in's user, whose data `npm run seed -- --demo` fills. */
  user: string;
}

export interface OidcConfig extends OidcEndpoints {
  mode: 'oidc';
  apiUrl: string;
  /** Where the browser goes after signing out (Cognito's `/logout`), if the issuer has one. */
  logoutUrl?: string;
}

export type AppConfig = LocalConfig | OidcConfig;

export class ConfigError extends Error {}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** Accepts the API's origin or its full base URL; answers the base without a trailing slash. */
export function apiBase(value: string | undefined, origin: string): string {
  const url = new URL(value ?? API_PATH, origin).toString().replace(/\/+$/, '');
  return url.endsWith(API_PATH) ? url : `${url}${API_PATH}`;
}

interface Discovery {
  authorization_endpoint?: string;
  token_endpoint?: string;
  end_session_endpoint?: string;
}

export async function parseConfig(
  raw: Record<string, unknown>,
  origin: string,
  fetchImpl: typeof fetch = fetch,
): Promise<AppConfig> {
  const apiUrl = apiBase(text(raw.apiUrl), origin);
  if (raw.mode === 'local') {
    return { mode: 'local', apiUrl, user: text(raw.user) ?? 'demo' };
  }
  const clientId = text(raw.clientId);
  if (!clientId) throw new ConfigError('config.json names no clientId');
  let authorizeUrl = text(raw.authorizeUrl);
  let tokenUrl = text(raw.tokenUrl);
  let logoutUrl = text(raw.logoutUrl);
  const issuer = text(raw.issuer);
  if ((!authorizeUrl || !tokenUrl) && issuer) {
    // Only the issuer given: its discovery document names the endpoints.
    const response = await fetchImpl(
      `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
    );
    if (!response.ok) throw new ConfigError(`OIDC discovery failed (HTTP ${response.status})`);
    const discovery = (await response.json()) as Discovery;
    authorizeUrl ??= discovery.authorization_endpoint;
    tokenUrl ??= discovery.token_endpoint;
    logoutUrl ??= discovery.end_session_endpoint;
  }
  if (!authorizeUrl || !tokenUrl) {
    throw new ConfigError('config.json needs authorizeUrl and tokenUrl, or an issuer');
  }
  return {
    mode: 'oidc',
    apiUrl,
    clientId,
    authorizeUrl,
    tokenUrl,
    logoutUrl,
    scope: text(raw.scope) ?? 'openid',
    redirectUri: text(raw.redirectUri) ?? new URL(CALLBACK_PATH, origin).toString(),
  };
}

export async function loadConfig(): Promise<AppConfig> {
  // Same request as index.html's preload, so the browser answers it from that.
  const response = await fetch('/config.json');
  if (!response.ok) throw new ConfigError(`config.json could not be loaded (${response.status})`);
  return parseConfig((await response.json()) as Record<string, unknown>, location.origin);
}
