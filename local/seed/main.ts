/**
 * `npm run seed -- --demo`: the demo student's semester (works while `npm start` runs).
 * `npm run seed -- --users 10000 --days 365`: many students for benchmarks, best against a
 * PostgreSQL server (DATABASE_URL). Both finish by building the analytics snapshots.
 */
import { parseArgs } from 'node:util';
import { refreshSnapshots } from '../../functions/data/snapshots';
import { typed } from '../../functions/platform/sql-values';
import { openSeedTarget } from './connect';
import { CLASSES, seedClasses, seedDemo } from './demo';
import { isoDay, profileFor, studentHistory } from './generator';
import { writeSessions } from './writer';

const { values } = parseArgs({
  options: {
    demo: { type: 'boolean', default: false },
    users: { type: 'string' },
    days: { type: 'string', default: '365' },
    prefix: { type: 'string', default: 'student' },
  },
});

const USERS_PER_STATEMENT = 10;
const PARALLEL_STATEMENTS = 2;

function progressBar(label: string, total: number) {
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let lastPrinted = 0;
  let finished = false;
  return (done: number, extra = '') => {
    const now = Date.now();
    if (done < total && now - lastPrinted < (tty ? 200 : 5_000)) return;
    if (done >= total && finished) return;
    finished = done >= total;
    lastPrinted = now;
    const share = total === 0 ? 1 : Math.min(1, done / total);
    const width = 30;
    const filled = Math.round(share * width);
    const elapsed = (now - started) / 1000;
    const eta = share > 0 ? Math.round(elapsed / share - elapsed) : 0;
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}% ${done}/${total}${extra} ${done < total ? `eta ${eta}s` : `in ${elapsed.toFixed(0)}s`}`;
    process.stderr.write(tty ? `\r${line}${done >= total ? '\n' : ''}` : `${line}\n`);
  };
}

function positiveInt(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive whole number`);
    process.exit(2);
  }
  return n;
}

if (!values.demo && values.users === undefined) {
  console.error('Usage: npm run seed -- --demo | --users N [--days D]');
  process.exit(2);
}

const target = await openSeedTarget();
console.error(`Seeding ${target.description}`);
try {
  if (values.demo) {
    const demo = await seedDemo(target.db);
    const { replaced } = demo;
    if (replaced && replaced.sessions + replaced.goals + replaced.awards > 0) {
      console.error(
        `Replaced the demo student's earlier data: ${replaced.sessions} sessions, ${replaced.goals} goals, ${replaced.awards} point awards and ${replaced.idempotency_keys} idempotency records`,
      );
    }
    console.error(
      `Demo student "demo": ${demo.sessions} sessions and ${demo.activities} activities from ${demo.firstDay} to ${demo.lastDay}, ${demo.goals} goals`,
    );
  }
  if (values.users !== undefined) {
    const users = positiveInt('users', values.users);
    const days = positiveInt('days', values.days);
    await seedClasses(target.db);
    const today = Date.now();
    const firstDay = isoDay(today - days * 86_400_000);
    const lastDay = isoDay(today - 86_400_000);
    const classPool = Object.keys(CLASSES).map(Number);
    const progress = progressBar('students ', users);
    let done = 0;
    let sessions = 0;
    const preferences: { user_id: string; timezone: string; week_start: string }[] = [];
    const chunks: number[][] = [];
    for (let i = 1; i <= users; i += USERS_PER_STATEMENT) {
      chunks.push(
        Array.from({ length: Math.min(USERS_PER_STATEMENT, users - i + 1) }, (_, k) => i + k),
      );
    }
    const worker = async () => {
      for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
        const rows = chunk.flatMap((n) => {
          const userId = `${values.prefix}-${String(n).padStart(6, '0')}`;
          const profile = profileFor(userId, classPool);
          preferences.push({
            user_id: userId,
            timezone: profile.timezone,
            week_start: profile.weekStart,
          });
          return studentHistory(userId, profile, firstDay, lastDay);
        });
        const written = await writeSessions(target.db, rows);
        sessions += written.sessions;
        done += chunk.length;
        progress(done, ` students, ${sessions} sessions`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_STATEMENTS }, worker));
    // Students' own clocks, so their days are their own.
    for (let i = 0; i < preferences.length; i += 2000) {
      await target.db.query(
        `INSERT INTO user_preferences (user_id, timezone, week_start)
         SELECT p ->> 'user_id', p ->> 'timezone', p ->> 'week_start'
         FROM jsonb_array_elements(CAST(:preferences AS jsonb)) p
         ON CONFLICT (user_id) DO UPDATE
           SET timezone = excluded.timezone, week_start = excluded.week_start`,
        { preferences: typed.json(preferences.slice(i, i + 2000)) },
      );
    }
  }
  // Every student with sessions is rolled up: the seeded ones and any already there.
  const snapshotProgress = progressBar('snapshots', values.users ? Number(values.users) : 1);
  let built = 0;
  const outcome = await refreshSnapshots(target.db, {
    batchSize: 200,
    onBatch: ({ students }) => {
      built += students;
      snapshotProgress(built, ' students');
    },
  });
  console.error(
    `Snapshots: ${outcome.students} students, ${outcome.snapshot_rows} daily rows, ${outcome.rollup_rows} weekly/monthly rows`,
  );
} finally {
  await target.close();
}
