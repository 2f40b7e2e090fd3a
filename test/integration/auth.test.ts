import { describe, expect, it } from 'vitest';
import { call, newUser, tokenFor } from '../support/api';

const listWith = (token: string | null, scheme = 'Bearer') =>
  call('GET', '/sessions', {
    token: null,
    headers: token === null ? {} : { authorization: `${scheme} ${token}` },
  });

describe('every endpoint authenticates', () => {
  it('accepts a valid token and answers for its subject', async () => {
    const res = await listWith(tokenFor({ user: newUser() }));
    expect(res.status).toBe(200);
  });

  it.each([
    ['no token', null],
    ['an expired token', tokenFor({ user: 'x', expiresIn: -60 })],
    ['a token from another issuer', tokenFor({ user: 'x', issuer: 'https://evil.example.com' })],
    ['a token for another audience', tokenFor({ user: 'x', audience: 'someone-else' })],
    ['an unsigned token (alg: none)', tokenFor({ user: 'x', header: { alg: 'none' } })],
    ['garbage', 'not.a.jwt'],
  ])('refuses %s with the gateway authorizer’s 401', async (_label, token) => {
    const res = await listWith(token);
    expect(res.status).toBe(401);
    // API Gateway's own answer: the function never ran.
    expect(res.body).toEqual({ message: 'Unauthorized' });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
  });

  it('refuses a token whose signature was tampered with', async () => {
    const [head, payload, signature] = tokenFor({ user: 'x' }).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()),
        sub: 'admin',
      }),
    ).toString('base64url');
    expect((await listWith(`${head}.${forged}.${signature}`)).status).toBe(401);
  });

  it('refuses other authorization schemes', async () => {
    expect((await listWith(tokenFor({ user: 'x' }), 'Basic')).status).toBe(401);
  });

  it('guards writes too', async () => {
    const res = await call('POST', '/sessions/start', { token: null, body: {} });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unauthorized' });
  });

  it('accepts the token without the Bearer prefix, as the authorizer does', async () => {
    const res = await listWith(tokenFor({ user: newUser() }), '').then((r) => r);
    // `Authorization: <token>`: API Gateway accepts it, the function insists on Bearer.
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthorized');
  });
});
