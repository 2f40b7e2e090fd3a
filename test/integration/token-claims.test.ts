/**
 * Claims a signature does not vouch for: a token must expire, live at most 24 hours, not come
 * from the future and be an access token of our client. Checked by the gateway's authorizer
 * (local stand-in) and again by the functions, each with the same rules.
 */
import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../functions/platform/auth';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../local/dev-issuer';
import { apiUrl, newUser, tokenFor } from '../support/api';

const now = () => Math.floor(Date.now() / 1000);
const HOUR = 3600;

const refused: [string, () => Record<string, unknown>][] = [
  ['no exp', () => ({ exp: undefined })],
  ['a 100-year lifetime', () => ({ iat: now(), exp: now() + 100 * 365 * 24 * HOUR })],
  ['25 hours of life', () => ({ iat: now() - HOUR, exp: now() + 24 * HOUR })],
  ['iat in the future', () => ({ iat: now() + 10 * 60, exp: now() + 2 * HOUR })],
  ['no iat', () => ({ iat: undefined })],
  ['exp as text', () => ({ exp: String(now() + HOUR) })],
  ['an ID token', () => ({ token_use: 'id' })],
  ['another app client', () => ({ client_id: 'someone-else' })],
];

const accepted: [string, () => Record<string, unknown>][] = [
  ['the default token', () => ({})],
  ['iat 30 s ahead (clock skew)', () => ({ iat: now() + 30, exp: now() + HOUR })],
  ['exactly 24 hours of life', () => ({ iat: now(), exp: now() + 24 * HOUR })],
  ['an access token of our client', () => ({ token_use: 'access', client_id: DEV_AUDIENCE })],
];

const token = (claims: Record<string, unknown>) => tokenFor({ user: newUser(), claims });

describe('the gateway refuses a token with', () => {
  it.each(refused)('%s', async (_, claims) => {
    const res = await fetch(`${apiUrl()}/sessions`, {
      headers: { authorization: `Bearer ${token(claims())}` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'Unauthorized' });
  });

  it.each(accepted)('and accepts %s', async (_, claims) => {
    const res = await fetch(`${apiUrl()}/sessions`, {
      headers: { authorization: `Bearer ${token(claims())}` },
    });
    expect(res.status).toBe(200);
  });
});

describe('the functions refuse a token with', () => {
  // The verifier every function builds, against the local issuer's JWKS.
  const verifier = () =>
    createTokenVerifier({
      AUTH_ISSUER: DEV_ISSUER,
      AUTH_AUDIENCE: DEV_AUDIENCE,
      AUTH_JWKS_URI: `${new URL(apiUrl()).origin}/.well-known/jwks.json`,
    });

  it.each(refused)('%s', async (_, claims) => {
    await expect(verifier().verify(token(claims()))).rejects.toMatchObject({ status: 401 });
  });

  it.each(accepted)('and accept %s', async (_, claims) => {
    const user = newUser();
    await expect(verifier().verify(tokenFor({ user, claims: claims() }))).resolves.toBe(user);
  });
});
