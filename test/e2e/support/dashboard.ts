/**
 * One e2e test file's world: its own local stack on a fresh embedded database in a temp dir,
 * serving the built dashboard, and a real Chromium (Debian's, driven by playwright-core).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { startOwnStack } from '../../support/own-stack';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SCREENSHOTS = join(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots');
/** The dashboard's local sign-in user. */
export const DEMO = 'demo';

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });

export interface DashboardOptions {
  viewport?: { width: number; height: number };
  mobile?: boolean;
  /** For injecting test tools (axe-core) past the dashboard's Content-Security-Policy. */
  bypassCSP?: boolean;
}

export async function startDashboard(options: DashboardOptions = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'study-analytics-e2e-'));
  // Embedded PGlite in the temp dir, whatever DATABASE_URL says: each file starts from nothing.
  const own = await startOwnStack({ dataDir, databaseUrl: undefined });
  const browser = await launchChromium();
  const context: BrowserContext = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    isMobile: options.mobile ?? false,
    hasTouch: options.mobile ?? false,
    acceptDownloads: true,
    bypassCSP: options.bypassCSP ?? false,
    locale: 'en-GB',
  });
  const page: Page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  // Console errors include every failed request (a 400 or 500 the page asked for).
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} ${page.url()}`);
  });

  return {
    own,
    browser,
    context,
    page,
    /** Uncaught errors in the page so far (a test expects none). */
    pageErrors,
    /** Errors written to the console so far, each with the page it happened on. */
    consoleErrors,
    url: (path: string) => `${own.stack.url}${path}`,
    async open(path: string) {
      await page.goto(`${own.stack.url}${path}`);
      await page.locator('main h1').first().waitFor();
    },
    async screenshot(name: string) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close().catch(() => undefined);
      await own.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type Dashboard = Awaited<ReturnType<typeof startDashboard>>;

/** Waits until the element shows the text (the page updates after its API calls answer). */
export async function waitForText(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor();
}

/** A finished past session with a test activity, written straight to the database. */
export async function pastStudy(
  dashboard: Dashboard,
  start: Date,
  minutes: number,
  classId: number | null = null,
): Promise<number> {
  const end = new Date(start.getTime() + minutes * 60_000);
  const id = await dashboard.own.pastSession(DEMO, start.toISOString(), end.toISOString(), classId);
  await dashboard.own.sql(`
    INSERT INTO session_activities (session_id, user_id, activity_type, items_completed, items_correct, created_at)
    VALUES (${id}, '${DEMO}', 'testing', 10, 7, '${new Date(start.getTime() + 60_000).toISOString()}')`);
  return id;
}
