/**
 * Dashboard first load: the built dashboard served by the local stack with the demo student's
 * semester, opened in Chromium with an empty cache. Measures the time from navigation to the
 * analytics page's charts drawn (trends chart, calendar and overview figures) and the bytes
 * shipped, against the targets. Prints figures; asserts nothing. `npm run bench` runs it in a
 * process of its own (`tsx test/bench/dashboard.ts` alone works too): handlers keep the token
 * verifier of the first stack they served, so a second stack needs a fresh process.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { chromium } from 'playwright-core';
import { seedDemo } from '../../db/seed/demo';
import { refreshSnapshots } from '../../functions/data/snapshots';
import { DataApi } from '../../functions/platform/data-api';
import { LOCAL_ARNS, startLocalStack } from '../../local/stack';
import { ensureWebBuild, WEB_DIST } from '../../local/web-assets';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/dashboard';

const LOADS = Number(process.env.BENCH_DASHBOARD_LOADS ?? 7);
const TARGET_MS = 1500;
/** What "a small bundle" means here: the app's JS and CSS, gzipped, as a browser receives it. */
const BUNDLE_TARGET_BYTES = 100 * 1024;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};

/** The analytics page is drawn once its figures, trends chart and calendar are on screen. */
const CHARTS_DRAWN = () =>
  document.querySelector('#overview .stats') &&
  document.querySelector('.chart-canvas[data-rendered="true"]') &&
  document.querySelector('[data-chart="heatmap"][data-rendered="true"]')
    ? performance.now()
    : false;

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
            .then((s) => ({ api, bytes: s.responseBodySize + s.responseHeadersSize })),
        );
      });
      await page.goto(`${stack.url}/dashboard/analytics`);
      const at = await page.waitForFunction(CHARTS_DRAWN, undefined, { timeout: 30_000 });
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
      `navigation → charts drawn: p50 ${p50.toFixed(0)} ms, max ${Math.max(...drawn).toFixed(0)} ms (target < ${TARGET_MS} ms)${p50 > TARGET_MS ? '  <-- over target' : ''}`,
    );
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
