/**
 * Emailed reports at 100,000 opted-in students (BENCH_EMAIL_STUDENTS), on the local stack:
 * how long the hourly builder takes (snapshots, then deliveries) when every student's report is
 * due at once, how many deliveries it records, and how fast one sender run sends at the
 * configured rate; each against its function's timeout. Runs on the embedded database unless
 * DATABASE_URL is set (it then adds students prefixed `mail-bench-`).
 */
import { schedules } from '../../functions/routes';
import { startOwnStack } from '../support/own-stack';

const STUDENTS = Number(process.env.BENCH_EMAIL_STUDENTS ?? 100_000);
const RATE = Number(process.env.BENCH_SEND_RATE ?? 14);
const timeoutOf = (name: string) => schedules.find((s) => s.name === name)?.timeoutSeconds ?? 0;

const env = await startOwnStack({
  functionEnv: { REPORT_SENDS_PER_SECOND: String(RATE), POWERTOOLS_LOG_LEVEL: 'ERROR' },
});
try {
  console.log(`\nEmailed reports at ${STUDENTS.toLocaleString('en')} opted-in students`);
  const t0 = performance.now();
  // Everyone in one zone with the same report hour: the worst hour, all due at once. One
  // session yesterday each, so every daily report has something to say.
  await env.sql(`
    WITH students AS (
      SELECT 'mail-bench-' || lpad(g::text, 6, '0') AS user_id FROM generate_series(1, ${STUDENTS}) g
    ), prefs AS (
      INSERT INTO user_preferences (user_id, timezone, email, daily_report, weekly_report, report_hour)
      SELECT user_id, 'UTC', user_id || '@example.edu', true, true, 7 FROM students
      ON CONFLICT (user_id) DO NOTHING
    )
    INSERT INTO study_sessions (user_id, session_type, status, start_time, end_time, duration_seconds)
    SELECT user_id, 'solo', 'completed', date_trunc('day', now()) - interval '14 hours',
           date_trunc('day', now()) - interval '13 hours 30 minutes', 1800
    FROM students`);
  console.log(`  loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const at = new Date();
  at.setUTCHours(8, 0, 0, 0);
  const b0 = performance.now();
  const built = (await env.runSchedule('report-builder', { at: at.toISOString() })) as {
    snapshots: {
      students: number;
      batches: number;
      slowest_batch_ms: number;
      unfinished: boolean;
    };
    deliveries: { pending: number; skipped: number };
  };
  const builderSeconds = (performance.now() - b0) / 1000;
  console.log(
    `  report-builder: ${builderSeconds.toFixed(1)} s (timeout ${timeoutOf('report-builder')} s): ` +
      `${built.snapshots.students.toLocaleString('en')} students rolled up in ${built.snapshots.batches} batches ` +
      `(slowest ${(built.snapshots.slowest_batch_ms / 1000).toFixed(1)} s; the run stops starting batches 60 s before its timeout)` +
      `${built.snapshots.unfinished ? ' (unfinished: continues next run)' : ''}, ` +
      `${built.deliveries.pending.toLocaleString('en')} deliveries recorded, ${built.deliveries.skipped} skipped`,
  );
  // The builder's event starts the sender; wait for that run to end.
  const s0 = performance.now();
  await env.stack.bus.idle();
  const senderSeconds = (performance.now() - s0) / 1000;
  const [sent] = await env.rows<{ sent: number; left: number }>(
    `SELECT count(*) FILTER (WHERE status = 'sent')::integer AS sent,
            count(*) FILTER (WHERE status IN ('pending', 'failed', 'sending'))::integer AS left
     FROM report_deliveries WHERE user_id LIKE 'mail-bench-%'`,
  );
  const inbox = (await env.stack.ses.emails()).length;
  const perRun = sent?.sent ?? 0;
  console.log(
    `  report-sender: ${perRun} emails in one run of ${senderSeconds.toFixed(1)} s ` +
      `(timeout ${timeoutOf('report-sender')} s) = ${(perRun / senderSeconds).toFixed(1)}/s at a configured ${RATE}/s; ` +
      `${inbox} in the local inbox; ${(sent?.left ?? 0).toLocaleString('en')} left for the next runs`,
  );
  const minutes = Math.ceil((built.deliveries.pending / Math.max(1, perRun)) * 1);
  console.log(
    `  at this rate all ${built.deliveries.pending.toLocaleString('en')} go out in about ${minutes} one-minute runs (${(minutes / 60).toFixed(1)} h); ` +
      'raise the SES quota and REPORT_SENDS_PER_SECOND together to go faster',
  );
} finally {
  await env.close();
}
