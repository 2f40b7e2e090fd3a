/**
 * The unsubscribe link in Chromium: opening it (as a mail scanner or link preview does) changes
 * nothing; the page's button, under the API's own Content-Security-Policy, unsubscribes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsubscribeToken } from '../../functions/core/unsubscribe-token';
import { type OwnStack, startOwnStack } from '../support/own-stack';
import { launchChromium } from './support/dashboard';

const USER = 'unsubscriber';

describe('the unsubscribe link', () => {
  let own: OwnStack;
  let browser: Browser;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'study-analytics-e2e-'));
    own = await startOwnStack({ dataDir, databaseUrl: undefined });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await own?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('asks when opened, and unsubscribes only from its button', async () => {
    const prefs = await own.call(USER, 'PUT', '/preferences', {
      email: 'unsubscriber@example.edu',
      daily_report: true,
    });
    expect(prefs.status).toBe(200);
    const secret = readFileSync(join(dataDir, 'auth', 'unsubscribe-secret'), 'utf8').trim();
    const url = `${own.stack.apiUrl}/unsubscribe?token=${unsubscribeToken(USER, 'daily', secret)}`;

    const page = await browser.newPage();
    const opened = await page.goto(url);
    expect(opened?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Stop daily study reports?' }).waitFor();
    expect((await own.call(USER, 'GET', '/preferences')).body.daily_report).toBe(true);

    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
    expect((await own.call(USER, 'GET', '/preferences')).body.daily_report).toBe(false);
  });
});
