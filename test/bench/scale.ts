/**
 * Analytics and report endpoints at scale: p50/p95 of request time and of Data API time (the
 * emulator's time serving the request's statements, database work included) per endpoint, the
 * calls each makes, sequential scans of the large tables during the run, and the top-level
 * query plans. Needs a PostgreSQL database seeded with
 *   DATABASE_URL=… npm run seed -- --users 10000 --days 365
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import {
  classComparison,
  overview,
  peerComparison,
  trendBuckets,
} from '../../functions/data/analytics';
import { report } from '../../functions/data/reports';
import { DataApi, type Queryable } from '../../functions/platform/data-api';
import type { SqlParams } from '../../functions/platform/sql-values';
import { LOCAL_ARNS, startLocalStack } from '../../local/stack';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);
const DB_P95_TARGET_MS = 50;
const LARGE_TABLES = [
  'study_sessions',
  'session_activities',
  'session_pauses',
  'points_ledger',
  'analytics_snapshots',
  'analytics_rollups',
];

const ENDPOINTS = [
  '/performance/overview?period=weekly',
  '/performance/overview?period=monthly',
  '/performance/overview?period=all_time',
  '/performance/trends?metric_type=study_time&period=daily&points=30',
  '/performance/trends?metric_type=test_average&period=weekly&points=12',
  '/performance/trends?metric_type=study_time&period=monthly&points=12',
  '/performance/comparison?compare_by=class&period=monthly',
  '/performance/comparison?compare_by=period&period=weekly',
  '/performance/comparison?compare_by=peers&period=weekly',
  '/performance/heatmap',
  '/reports/daily',
  '/reports/weekly',
  '/reports/weekly?week=2026-W40',
  '/reports/monthly',
  '/reports/monthly?format=csv',
];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

async function seqScans(client: pg.Client) {
  const { rows } = await client.query<{ relname: string; seq_scan: string }>(
    'SELECT relname, seq_scan FROM pg_stat_user_tables WHERE relname = ANY($1)',
    [LARGE_TABLES],
  );
  return Object.fromEntries(rows.map((r) => [r.relname, Number(r.seq_scan)]));
}

/** A Queryable that asks for the plan of each statement instead of running it. */
function planRecorder(db: DataApi, plans: string[]): Queryable {
  return {
    async query(sql: string, params?: SqlParams) {
      const { rows } = await db.query<Record<string, string>>(
        `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`,
        params,
      );
      plans.push(rows.map((r) => Object.values(r)[0]).join('\n'));
      return { rows: [], numberOfRecordsUpdated: 0 } as never;
    },
  } as Queryable;
}

async function measureScale() {
  const databaseUrl = process.env.DATABASE_URL;
  console.log('\nAnalytics and reports at scale (PostgreSQL, seeded students)');
  if (!databaseUrl) {
    console.log(
      '  skipped: run `DATABASE_URL=postgres://… npm run seed -- --users 10000 --days 365`, then `DATABASE_URL=… npm run bench`',
    );
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const students = await client
    .query<{ n: string }>(
      `SELECT count(*) AS n FROM user_preferences WHERE user_id LIKE 'student-%'`,
    )
    .catch(() => ({ rows: [{ n: '0' }] }));
  const count = Number(students.rows[0]?.n ?? 0);
  if (count < 100) {
    console.log(
      '  skipped: no seeded students in DATABASE_URL (npm run seed -- --users 10000 --days 365)',
    );
    await client.end();
    return;
  }
  const sizes = await client.query<{ relname: string; n: string }>(
    `SELECT relname, n_live_tup AS n FROM pg_stat_user_tables WHERE relname = ANY($1) ORDER BY relname`,
    [LARGE_TABLES],
  );
  console.log(
    `  ${count} students; ${sizes.rows.map((r) => `${r.relname} ${Number(r.n).toLocaleString('en')}`).join(', ')}`,
  );
  const users = (
    await client.query<{ user_id: string }>(
      `SELECT user_id FROM user_preferences WHERE user_id LIKE 'student-%' ORDER BY md5(user_id) LIMIT $1`,
      [ITERATIONS],
    )
  ).rows.map((r) => r.user_id);

  const stack = await startLocalStack({ databaseUrl });
  const tokens = new Map(users.map((u) => [u, stack.issuer.token({ user: u })]));
  const call = async (user: string, path: string) => {
    stack.emulator.resetStats();
    const t0 = performance.now();
    const res = await fetch(`${stack.apiUrl}${path}`, {
      headers: { authorization: `Bearer ${tokens.get(user)}` },
    });
    await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    const stats = stack.emulator.stats();
    return { ms, dbMs: stats.busyMs, calls: stats.calls };
  };

  // Warm every function once (cold start, plan caches), then measure.
  for (const path of ENDPOINTS) await call(users[0] as string, path);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const scansBefore = await seqScans(client);

  console.log(
    `  ${ITERATIONS} requests each, a different student every time (target: Data API time p95 <= ${DB_P95_TARGET_MS} ms, 1 call)`,
  );
  console.log(
    '  endpoint                                                          p50 ms  p95 ms  db p50  db p95  calls',
  );
  for (const path of ENDPOINTS) {
    const samples = [];
    for (const user of users) samples.push(await call(user, path));
    const ms = samples.map((s) => s.ms);
    const db = samples.map((s) => s.dbMs);
    const calls = Math.max(...samples.map((s) => s.calls));
    const flag = percentile(db, 95) > DB_P95_TARGET_MS || calls > 1 ? '  over target' : '';
    console.log(
      `  GET ${path.padEnd(62)}${percentile(ms, 50).toFixed(1).padStart(6)}${percentile(ms, 95).toFixed(1).padStart(8)}${percentile(db, 50).toFixed(1).padStart(8)}${percentile(db, 95).toFixed(1).padStart(8)}${String(calls).padStart(7)}${flag}`,
    );
  }

  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const scansAfter = await seqScans(client);
  const scanned = LARGE_TABLES.filter((t) => (scansAfter[t] ?? 0) > (scansBefore[t] ?? 0));
  console.log(
    `  sequential scans of ${LARGE_TABLES.join(', ')} during the run: ${
      scanned.length === 0
        ? 'none'
        : scanned.map((t) => `${t} ${(scansAfter[t] ?? 0) - (scansBefore[t] ?? 0)}`).join(', ')
    }`,
  );

  // Top-level plans of each statement for one student, written beside the other results.
  const dataApiClient = (await import('@aws-sdk/client-rds-data')).RDSDataClient;
  const sdk = new dataApiClient({ endpoint: stack.emulator.url });
  const plans: string[] = [];
  const explain = planRecorder(new DataApi(LOCAL_ARNS, sdk), plans);
  const user = users[0] as string;
  const statements: [string, () => Promise<unknown>][] = [
    ['overview weekly', () => overview(explain, user, 'weekly', undefined)],
    ['trends daily 30', () => trendBuckets(explain, user, 'daily', 30)],
    ['comparison class', () => classComparison(explain, user, 'monthly')],
    ['comparison peers', () => peerComparison(explain, user, 'weekly')],
    ['report weekly', () => report(explain, user, 'weekly', undefined)],
    ['report monthly', () => report(explain, user, 'monthly', undefined)],
  ];
  const out: string[] = [];
  for (const [name, run] of statements) {
    plans.length = 0;
    await run().catch(() => undefined);
    out.push(`== ${name}\n${plans.join('\n')}`);
  }
  mkdirSync('test-results/bench', { recursive: true });
  const file = join('test-results', 'bench', 'scale-plans.txt');
  writeFileSync(file, `${out.join('\n\n')}\n`);
  const execution = out.map((p) => {
    const name = p.split('\n')[0]?.slice(3);
    const time = /Execution Time: ([\d.]+) ms/.exec(p)?.[1];
    const seq = (p.match(/Seq Scan on (\w+)/g) ?? []).filter((m) =>
      LARGE_TABLES.some((t) => m.endsWith(` ${t}`)),
    );
    return `${name}: ${time} ms${seq.length ? `, ${seq.join(', ')}` : ''}`;
  });
  console.log(`  plans (EXPLAIN ANALYZE, one student) in ${file}: ${execution.join('; ')}`);
  sdk.destroy();
  await stack.close();
  await client.end();
}

await measureScale();
