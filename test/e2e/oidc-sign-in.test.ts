import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, startDashboard, waitForText } from './support/dashboard';

/**
 * The deployed sign-in, authorization code + PKCE, against a stand-in for the Cognito hosted UI
 * (the only part not real here): config.json names it, its authorize endpoint sends the browser
 * straight back with a code, and its token endpoint checks the verifier against the challenge
 * before answering with a token of the stack's dev issuer, which the real API then verifies.
 */
const ISSUER = 'https://issuer.example.test';
const CLIENT_ID = 'dashboard-client';
const STUDENT = 'oidc-student';

describe('sign-in through an OIDC issuer (authorization code + PKCE)', () => {
  let d: Dashboard;
  const seen = { challenge: '', state: '', verifierMatched: false, tokenRequests: 0 };

  beforeAll(async () => {
    // The stand-in issuer is another origin; a deployment's CSP names it in connect-src.
    d = await startDashboard({ bypassCSP: true });
    await d.context.route('**/config.json', (route) =>
      route.fulfill({
        json: {
          authorizeUrl: `${ISSUER}/oauth2/authorize`,
          tokenUrl: `${ISSUER}/oauth2/token`,
          clientId: CLIENT_ID,
          apiUrl: d.own.stack.apiUrl,
        },
      }),
    );
    await d.context.route(`${ISSUER}/oauth2/authorize?*`, (route) => {
      const url = new URL(route.request().url());
      expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      seen.challenge = url.searchParams.get('code_challenge') ?? '';
      seen.state = url.searchParams.get('state') ?? '';
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.search = new URLSearchParams({ code: 'one-time-code', state: seen.state }).toString();
      return route.fulfill({ status: 302, headers: { location: back.toString() } });
    });
    await d.context.route(`${ISSUER}/oauth2/token`, (route) => {
      seen.tokenRequests++;
      const form = new URLSearchParams(route.request().postData() ?? '');
      const verifier = form.get('code_verifier') ?? '';
      seen.verifierMatched =
        createHash('sha256').update(verifier).digest('base64url') === seen.challenge;
      const ok =
        seen.verifierMatched &&
        form.get('grant_type') === 'authorization_code' &&
        form.get('code') === 'one-time-code' &&
        form.get('client_id') === CLIENT_ID;
      return route.fulfill({
        status: ok ? 200 : 400,
        headers: { 'access-control-allow-origin': '*' },
        json: ok
          ? {
              access_token: d.own.stack.issuer.token({ user: STUDENT }),
              token_type: 'Bearer',
              expires_in: 3600,
            }
          : { error: 'invalid_grant' },
      });
    });
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await d.screenshot(`failed-oidc-${task.name}`);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('asks to sign in, then comes back signed in to the page it started from', async () => {
    const page = d.page;
    await d.open('/dashboard/goals');
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.waitForURL((url) => url.pathname === '/dashboard/goals');
    await waitForText(page.getByTestId('user'), STUDENT);
    await page.getByText('No active goals').waitFor();
    expect(seen.verifierMatched).toBe(true);
    expect(seen.tokenRequests).toBe(1);
    // The code is not left in the address bar or history.
    expect(new URL(page.url()).search).toBe('');
  });

  it('signs out', async () => {
    const page = d.page;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await page.getByText('You signed out.').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('study-analytics.tokens'))).toBeNull();
  });
});
