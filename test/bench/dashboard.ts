/**
 * Dashboard first load: the built dashboard served by the local stack with the demo student's
 * semester, opened in Chromium with an empty cache. Measures the time from navigation to the
 * "how am I doing" hero drawn, the layout shift of every page (desktop and phone) and the bytes
 * shipped, against the targets. None of it depends on the weekday: the hero and the last 7 days
 * are drawn whatever day the week is on. Prints figures; asserts nothing. `npm run bench` runs it in a
 * process of its own (`tsx test/bench/dashboard.ts` alone works too): handlers keep the token
 * verifier of the first stack they served, so a second stack needs a fresh process.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { chromium } from 'playwright-core';
import { refreshSnapshots } from '../../functions/data/snapshots';
import { DataApi } from '../../functions/platform/data-api';
import { seedDemo } from '../../local/seed/demo';
import { LOCAL_ARNS, startLocalStack } from '../../local/stack';
import { ensureWebBuild, WEB_DIST } from '../../local/web-assets';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/dashboard';

const LOADS = Number(process.env.BENCH_DASHBOARD_LOADS ?? 7);
const TARGET_MS = 1000;
/** What "a small bundle" means here: the app's JS and CSS, gzipped, as a browser receives it. */
const BUNDLE_TARGET_BYTES = 80 * 1024;
/** Cumulative layout shift a page may have ("good" in Core Web Vitals). */
const SHIFT_TARGET = 0.1;
const PAGES = ['analytics', 'sessions', 'goals', 'reports'];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};

/** The hero is drawn once its figures are on screen (the skeleton is gone). */
const HERO_DRAWN = () =>
  document.querySelector('[data-testid="hero-week"]') ? performance.now() : false;

/** A page has settled once nothing is loading and every chart has drawn. */
const SETTLED = () =>
  !!document.querySelector('main h1') &&
  !document.querySelector('.state-loading') &&
  !document.querySelector('[data-rendered="false"]');

/** Records layout shifts from the first paint on (buffered), as Core Web Vitals counts them. */
const WATCH_SHIFTS = () => {
  const w = window as unknown as { shift: number };
  w.shift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as unknown as {
      value: number;
      hadRecentInput: boolean;
    }[]) {
      if (!entry.hadRecentInput) w.shift += entry.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
};

function buildSizes() {
  const files = readdirSync(join(WEB_DIST, 'assets')).map((name) => join('assets', name));
  return ['index.html', ...files].map((file) => {
    const body = readFileSync(join(WEB_DIST, file));
    return { file, raw: body.length, gzip: gzipSync(body).length };
  });
}

export async function measureDashboard() {
  console.log(
    `\nDashboard first load (${LOADS} loads with an empty cache; local stack, demo semester, Chromium)`,
  );
  if (!existsSync(CHROMIUM_PATH)) {
    console.log(`skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);
    return;
  }
  await ensureWebBuild(() => undefined);
  const stack = await startLocalStack({ databaseUrl: undefined });
  const client = new RDSDataClient({
    endpoint: stack.emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    const db = new DataApi(LOCAL_ARNS, client);
    const demo = await seedDemo(db);
    await refreshSnapshots(db);
    console.log(`demo student: ${demo.sessions} sessions from ${demo.firstDay} to ${demo.lastDay}`);

    const drawn: number[] = [];
    let shipped = { app: 0, appRequests: 0, api: 0, apiRequests: 0 };
    // The first load warms the functions (cold starts) and is not counted.
    for (let i = 0; i <= LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const sizes: Promise<{ api: boolean; bytes: number }>[] = [];
      page.on('response', (response) => {
        const api = new URL(response.url()).pathname.startsWith('/api/');
        sizes.push(
          response
            .request()
            .sizes()
            .then((s) => ({ api, bytes: s.responseBodySize + s.responseHeadersSize }))
            // A response still arriving when the context closes is not counted.
            .catch(() => ({ api, bytes: 0 })),
        );
      });
      await page.goto(`${stack.url}/dashboard/analytics`);
      const at = await page.waitForFunction(HERO_DRAWN, undefined, { timeout: 30_000 });
      const ms = (await at.jsonValue()) as number;
      await page.waitForLoadState('networkidle');
      const loaded = await Promise.all(sizes);
      if (i > 0) {
        drawn.push(ms);
        shipped = {
          app: loaded.filter((s) => !s.api).reduce((sum, s) => sum + s.bytes, 0),
          appRequests: loaded.filter((s) => !s.api).length,
          api: loaded.filter((s) => s.api).reduce((sum, s) => sum + s.bytes, 0),
          apiRequests: loaded.filter((s) => s.api).length,
        };
      }
      await context.close();
    }

    const p50 = median(drawn);
    console.log(
      `navigation → hero drawn: p50 ${p50.toFixed(0)} ms, max ${Math.max(...drawn).toFixed(0)} ms (target <= ${TARGET_MS} ms)${p50 > TARGET_MS ? '  <-- over target' : ''}`,
    );
    console.log('layout shift (CLS) per page, first load until settled:');
    for (const [device, viewport] of [
      ['desktop', { width: 1440, height: 900 }],
      ['phone', { width: 375, height: 812 }],
    ] as const) {
      const shifts: string[] = [];
      for (const name of PAGES) {
        const context = await browser.newContext({ viewport, isMobile: device === 'phone' });
        await context.addInitScript(WATCH_SHIFTS);
        const page = await context.newPage();
        await page.goto(`${stack.url}/dashboard/${name}`);
        await page.waitForFunction(SETTLED, undefined, { timeout: 30_000, polling: 100 });
        await page.waitForLoadState('networkidle');
        const shift = await page.evaluate(() => (window as unknown as { shift: number }).shift);
        shifts.push(`${name} ${shift.toFixed(3)}${shift > SHIFT_TARGET ? ' <-- over' : ''}`);
        await context.close();
      }
      console.log(`  ${device.padEnd(8)} ${shifts.join(', ')} (target <= ${SHIFT_TARGET})`);
    }
    console.log(
      `bytes shipped per load: app ${kb(shipped.app)} in ${shipped.appRequests} requests (gzip), API ${kb(shipped.api)} in ${shipped.apiRequests} calls`,
    );
    const files = buildSizes();
    const bundle = files
      .filter((f) => /\.(js|css)$/.test(f.file))
      .reduce((sum, f) => sum + f.gzip, 0);
    console.log('web/dist file                       raw KB   gzip KB');
    for (const f of files) {
      console.log(
        `${f.file.padEnd(34)} ${(f.raw / 1024).toFixed(1).padStart(7)} ${(f.gzip / 1024).toFixed(1).padStart(9)}`,
      );
    }
    console.log(
      `JS + CSS, gzipped: ${kb(bundle)} (target <= ${kb(BUNDLE_TARGET_BYTES)})${bundle > BUNDLE_TARGET_BYTES ? '  <-- over target' : ''}`,
    );
  } finally {
    await browser.close();
    client.destroy();
    await stack.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) await measureDashboard();
