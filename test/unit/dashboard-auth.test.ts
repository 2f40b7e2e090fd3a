import { describe, expect, it } from 'vitest';
import { apiBase, parseConfig } from '../../web/src/lib/config';
import { isoWeek, isoWeekMonday, shiftPeriod } from '../../web/src/lib/periods';
import {
  authorizationUrl,
  beginSignIn,
  codeChallenge,
  completeSignIn,
  refreshTokens,
  SignInError,
} from '../../web/src/lib/pkce';

/** sessionStorage's interface over a Map. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const endpoints = {
  authorizeUrl: 'https://auth.example.test/oauth2/authorize',
  tokenUrl: 'https://auth.example.test/oauth2/token',
  clientId: 'client-1',
  redirectUri: 'https://dashboard.example.test/dashboard/callback',
  scope: 'openid',
};

/** A token endpoint that records what it was sent. */
function tokenEndpoint(answer: Record<string, unknown>, status = 200) {
  const calls: { url: string; form: URLSearchParams }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, form: new URLSearchParams(String(init.body)) });
    return new Response(JSON.stringify(answer), { status });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

describe('dashboard sign-in (PKCE)', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('sends the browser to the issuer with a code challenge and state', () => {
    const url = new URL(authorizationUrl(endpoints, { state: 'st', challenge: 'ch' }));
    expect(url.origin + url.pathname).toBe(endpoints.authorizeUrl);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: endpoints.redirectUri,
      scope: 'openid',
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
  });

  it('trades the code and the verifier for tokens, once', async () => {
    const storage = new MemoryStorage();
    const signInUrl = new URL(await beginSignIn(endpoints, storage, '/dashboard/goals'));
    const state = signInUrl.searchParams.get('state') as string;
    const { calls, fetchImpl } = tokenEndpoint({
      access_token: 'access-1',
      refresh_token: 'refresh-1',
      expires_in: 3600,
    });
    const callback = new URL(`${endpoints.redirectUri}?code=the-code&state=${state}`);
    const { tokens, returnTo } = await completeSignIn(endpoints, callback, storage, fetchImpl, 0);

    expect(returnTo).toBe('/dashboard/goals');
    expect(tokens).toEqual({
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
      expiresAt: 3_540_000,
    });
    const form = calls[0]?.form as URLSearchParams;
    expect(calls[0]?.url).toBe(endpoints.tokenUrl);
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('code')).toBe('the-code');
    expect(form.get('redirect_uri')).toBe(endpoints.redirectUri);
    // The verifier sent is the one whose challenge went to the issuer.
    expect(await codeChallenge(form.get('code_verifier') as string)).toBe(
      signInUrl.searchParams.get('code_challenge'),
    );
    // The pending sign-in is gone: the same callback cannot be replayed.
    await expect(completeSignIn(endpoints, callback, storage, fetchImpl)).rejects.toThrow(
      SignInError,
    );
    expect(calls).toHaveLength(1);
  });

  it('refuses a callback whose state does not match, without calling the issuer', async () => {
    const storage = new MemoryStorage();
    await beginSignIn(endpoints, storage, '/');
    const { calls, fetchImpl } = tokenEndpoint({ access_token: 'x' });
    const forged = new URL(`${endpoints.redirectUri}?code=c&state=forged`);
    await expect(completeSignIn(endpoints, forged, storage, fetchImpl)).rejects.toThrow(/stale/);
    expect(calls).toHaveLength(0);
  });

  it('reports the issuer’s error and a refused token request', async () => {
    const storage = new MemoryStorage();
    await beginSignIn(endpoints, storage, '/');
    const denied = new URL(`${endpoints.redirectUri}?error=access_denied`);
    await expect(completeSignIn(endpoints, denied, storage)).rejects.toThrow(/access_denied/);
    const { fetchImpl } = tokenEndpoint({ error: 'invalid_grant' }, 400);
    await expect(refreshTokens(endpoints, 'old', fetchImpl)).rejects.toThrow(/invalid_grant/);
  });

  it('keeps the refresh token when the issuer does not rotate it', async () => {
    const { calls, fetchImpl } = tokenEndpoint({ access_token: 'access-2', expires_in: 60 });
    const tokens = await refreshTokens(endpoints, 'refresh-1', fetchImpl, 0);
    expect(tokens.refreshToken).toBe('refresh-1');
    expect(calls[0]?.form.get('grant_type')).toBe('refresh_token');
  });
});

describe('dashboard config.json', () => {
  it('reads local mode and the API base', async () => {
    expect(await parseConfig({ mode: 'local' }, 'http://127.0.0.1:8012')).toEqual({
      mode: 'local',
      apiUrl: 'http://127.0.0.1:8012/api/analytics',
      user: 'demo',
    });
    expect(apiBase('https://api.example.test/', 'https://x')).toBe(
      'https://api.example.test/api/analytics',
    );
    expect(apiBase('https://api.example.test/api/analytics/', 'https://x')).toBe(
      'https://api.example.test/api/analytics',
    );
  });

  it('finds the endpoints of an issuer named alone through its discovery document', async () => {
    const asked: string[] = [];
    const fetchImpl = (async (url: string) => {
      asked.push(url);
      return Response.json({
        authorization_endpoint: 'https://hosted.example.test/oauth2/authorize',
        token_endpoint: 'https://hosted.example.test/oauth2/token',
      });
    }) as typeof fetch;
    const config = await parseConfig(
      {
        issuer: 'https://cognito-idp.example.test/pool_1',
        clientId: 'abc',
        apiUrl: 'https://api.example.test',
      },
      'https://dashboard.example.test',
      fetchImpl,
    );
    expect(asked).toEqual([
      'https://cognito-idp.example.test/pool_1/.well-known/openid-configuration',
    ]);
    expect(config).toMatchObject({
      mode: 'oidc',
      clientId: 'abc',
      authorizeUrl: 'https://hosted.example.test/oauth2/authorize',
      tokenUrl: 'https://hosted.example.test/oauth2/token',
      redirectUri: 'https://dashboard.example.test/dashboard/callback',
      apiUrl: 'https://api.example.test/api/analytics',
    });
    await expect(parseConfig({ mode: 'oidc' }, 'https://x')).rejects.toThrow(/clientId/);
  });
});

describe('dashboard report periods', () => {
  it('names ISO weeks across year ends and steps periods', () => {
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeekMonday('2026-W01')).toBe('2025-12-29');
    expect(shiftPeriod('weekly', '2026-W53', 1)).toBe('2027-W01');
    expect(shiftPeriod('weekly', '2026-W01', -1)).toBe('2025-W52');
    expect(shiftPeriod('daily', '2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftPeriod('monthly', '2026-01', -1)).toBe('2025-12');
  });
});
