/**
 * Maintains analytics_snapshots and analytics_rollups (see migration 005) with set-based
 * statements, each over a batch of students: no per-student query loop, whatever the number
 * of students.
 */
import type { Queryable } from '../platform/data-api';

// The next `:batch_size` students with sessions after `:after` in id order, found by skipping
// through the (user_id, start_time) index one student at a time rather than reading every
// session. A statement looks at that many students, due or not, so a run passes over all of
// them once, in steps of bounded cost.
const STUDENTS = `
session_users (user_id, n) AS (
  (SELECT user_id, 1 FROM study_sessions WHERE user_id > :after ORDER BY user_id LIMIT 1)
  UNION ALL
  SELECT (SELECT s.user_id FROM study_sessions s WHERE s.user_id > u.user_id
          ORDER BY s.user_id LIMIT 1), u.n + 1
  FROM session_users u WHERE u.user_id IS NOT NULL AND u.n < :batch_size
), students AS (
  SELECT user_id FROM session_users WHERE user_id IS NOT NULL
)`;

// Days close at each student's local day start; a student whose clock changed is rebuilt from
// their first session or award, whichever day is earlier (an award keeps the day it was made on,
// which in the new clock can come before every session's day). The new days are upserted and
// stale rows deleted (different rows, so the two never meet in one statement).
const REFRESH_DAYS_SQL = `
WITH RECURSIVE ${STUDENTS}, clocks AS (
  SELECT u.user_id, c.tz, c.day_start_hour, c.week_start
  FROM students u CROSS JOIN LATERAL user_clock(u.user_id) c
), due AS (
  SELECT k.*, st.through_day,
         st.user_id IS NULL OR st.tz <> k.tz OR st.day_start_hour <> k.day_start_hour
           OR st.week_start <> k.week_start AS rebuild,
         least(local_day_of(now(), k.tz, k.day_start_hour),
               (SELECT local_day_of(min(o.start_time), k.tz, k.day_start_hour)
                FROM study_sessions o WHERE o.user_id = k.user_id AND o.end_time IS NULL)) AS new_through
  FROM clocks k LEFT JOIN analytics_snapshot_state st ON st.user_id = k.user_id
), batch AS (
  SELECT d.*, CASE WHEN d.rebuild
                THEN least(d.new_through, (SELECT local_day_of(min(s.start_time), d.tz, d.day_start_hour)
                                           FROM study_sessions s WHERE s.user_id = d.user_id),
                           (SELECT min(l.award_day) FROM points_ledger l WHERE l.user_id = d.user_id))
                ELSE d.through_day END AS from_day
  FROM due d WHERE d.rebuild OR d.through_day < d.new_through
), computed AS (
  SELECT f.* FROM batch b,
  LATERAL raw_daily_facts(b.user_id, b.from_day, b.new_through - 1, b.tz, b.day_start_hour) f
), stored AS (
  INSERT INTO analytics_snapshots AS s SELECT * FROM computed
  ON CONFLICT (user_id, day, class_key) DO UPDATE SET
    studied_seconds = excluded.studied_seconds, focus_seconds = excluded.focus_seconds,
    sessions = excluded.sessions, mood_sum = excluded.mood_sum, mood_count = excluded.mood_count,
    productivity_sum = excluded.productivity_sum, productivity_count = excluded.productivity_count,
    tests_taken = excluded.tests_taken, test_items = excluded.test_items,
    test_correct = excluded.test_correct, flashcards_reviewed = excluded.flashcards_reviewed,
    flashcards_correct = excluded.flashcards_correct,
    assignments_completed = excluded.assignments_completed, points = excluded.points,
    manual_seconds = excluded.manual_seconds
  RETURNING 1
), stale AS (
  -- ANY(ARRAY(…)) keeps these deletes on the primary key, one student at a time.
  DELETE FROM analytics_snapshots s
  WHERE s.user_id = ANY (ARRAY(SELECT user_id FROM batch))
    AND EXISTS (SELECT 1 FROM batch b
                WHERE b.user_id = s.user_id AND (b.rebuild OR s.day >= b.from_day))
    AND NOT EXISTS (SELECT 1 FROM computed c
                    WHERE c.user_id = s.user_id AND c.day = s.day AND c.class_key = s.class_key)
  RETURNING 1
), stale_rollups AS (
  DELETE FROM analytics_rollups r
  WHERE r.user_id = ANY (ARRAY(SELECT user_id FROM batch WHERE rebuild))
  RETURNING 1
), advanced AS (
  INSERT INTO analytics_snapshot_state AS st
    (user_id, tz, day_start_hour, week_start, through_day, rollups_through)
  SELECT user_id, tz, day_start_hour, week_start, new_through, from_day FROM batch
  ON CONFLICT (user_id) DO UPDATE SET
    tz = excluded.tz, day_start_hour = excluded.day_start_hour, week_start = excluded.week_start,
    through_day = excluded.through_day, refreshed_at = now(),
    rollups_through = CASE WHEN st.tz <> excluded.tz OR st.day_start_hour <> excluded.day_start_hour
                             OR st.week_start <> excluded.week_start
                           THEN excluded.rollups_through ELSE st.rollups_through END
  RETURNING 1
)
SELECT (SELECT count(*) FROM batch)::integer AS students,
       (SELECT count(*) FROM students)::integer AS examined,
       (SELECT max(user_id) FROM students) AS last_user,
       (SELECT count(*) FROM batch WHERE rebuild)::integer AS rebuilt,
       (SELECT count(*) FROM stored)::integer AS rows_written,
       (SELECT count(*) FROM stale)::integer + (SELECT count(*) FROM stale_rollups)::integer AS rows_deleted,
       (SELECT count(*) FROM advanced)::integer AS advanced`;

// Weekly and monthly totals for every period that closed since the last run: a period is
// closed once its last day is before through_day.
const REFRESH_ROLLUPS_SQL = `
WITH batch AS (
  SELECT * FROM analytics_snapshot_state
  WHERE rollups_through < through_day AND user_id > :after
  ORDER BY user_id LIMIT :batch_size
), periods AS (
  SELECT b.user_id, k.kind, pb.first_day, pb.last_day
  FROM batch b CROSS JOIN (VALUES ('weekly'), ('monthly')) AS k (kind)
  CROSS JOIN LATERAL generate_series(b.rollups_through, b.through_day - 1, interval '1 day') AS d
  CROSS JOIN LATERAL period_bounds(k.kind, d::date, b.week_start) pb
  WHERE pb.last_day = d::date
), totals AS (
  SELECT p.kind, p.first_day, p.user_id, sum(s.studied_seconds / 60)::integer AS minutes
  FROM periods p JOIN analytics_snapshots s
    ON s.user_id = p.user_id AND s.day BETWEEN p.first_day AND p.last_day
  GROUP BY p.kind, p.first_day, p.user_id
  HAVING sum(s.studied_seconds / 60) > 0
), stored AS (
  INSERT INTO analytics_rollups (kind, period_start, user_id, minutes)
  SELECT kind, first_day, user_id, minutes FROM totals
  ON CONFLICT (kind, period_start, user_id) DO UPDATE SET minutes = excluded.minutes
  RETURNING 1
), advanced AS (
  UPDATE analytics_snapshot_state st SET rollups_through = b.through_day
  FROM batch b WHERE st.user_id = b.user_id
  RETURNING 1
)
SELECT (SELECT count(*) FROM advanced)::integer AS students,
       (SELECT max(user_id) FROM batch) AS last_user,
       (SELECT count(*) FROM stored)::integer AS rows_written`;

export interface RefreshOutcome {
  students: number;
  rebuilt: number;
  snapshot_rows: number;
  rollup_rows: number;
  batches: number;
  /** The longest single statement: a run stops starting batches this long before its deadline. */
  slowest_batch_ms: number;
  /** Work left for the next run because the time budget ran out. */
  unfinished: boolean;
}

interface RefreshOptions {
  batchSize?: number;
  /** Stop starting new batches after this instant (epoch ms). */
  deadline?: number;
  onBatch?: (done: { students: number }) => void;
}

/** Brings every student's snapshots and rollups up to their local today, batch by batch. */
export async function refreshSnapshots(
  db: Queryable,
  { batchSize = 500, deadline = Number.POSITIVE_INFINITY, onBatch }: RefreshOptions = {},
): Promise<RefreshOutcome> {
  const outcome: RefreshOutcome = {
    students: 0,
    rebuilt: 0,
    snapshot_rows: 0,
    rollup_rows: 0,
    batches: 0,
    slowest_batch_ms: 0,
    unfinished: false,
  };
  for (const [sql, isDays] of [
    [REFRESH_DAYS_SQL, true],
    [REFRESH_ROLLUPS_SQL, false],
  ] as const) {
    // Each batch starts after the last student of the one before, so a run passes once.
    let after = '';
    for (;;) {
      if (Date.now() > deadline) {
        outcome.unfinished = true;
        return outcome;
      }
      const started = Date.now();
      const { rows } = await db.query<{
        students: number;
        examined?: number;
        last_user: string | null;
        rebuilt?: number;
        rows_written: number;
      }>(sql, { batch_size: batchSize, after });
      const batch = rows[0] ?? { students: 0, last_user: null, rows_written: 0 };
      after = batch.last_user ?? after;
      outcome.slowest_batch_ms = Math.max(outcome.slowest_batch_ms, Date.now() - started);
      outcome.batches++;
      if (isDays) {
        outcome.students += batch.students;
        outcome.rebuilt += batch.rebuilt ?? 0;
        outcome.snapshot_rows += batch.rows_written;
        onBatch?.({ students: batch.students });
      } else {
        outcome.rollup_rows += batch.rows_written;
      }
      // The day statement has looked at `examined` students; the rollup one took `students`.
      if ((batch.examined ?? batch.students) < batchSize) break;
    }
  }
  return outcome;
}

/**
 * CTEs for a statement that changed `:user_id`'s record on days already rolled up: the
 * student's snapshots and rollups are reopened from the earliest day `firstDaySql` yields (a
 * query with one `day` column; no rows or NULL: nothing to do), so answers read those days from
 * the raw rows at once and the next builder run rolls them up again. Rollups of the periods from
 * that day on are dropped, since a period whose minutes fell to zero would not be rewritten.
 */
export const reopenAnalyticsCtes = (firstDaySql: string) => `
reopened AS (
  UPDATE analytics_snapshot_state st
  SET through_day = least(st.through_day, r.day), rollups_through = least(st.rollups_through, r.day)
  FROM (SELECT min(d.day) AS day FROM (${firstDaySql}) d (day)) r
  WHERE st.user_id = :user_id AND r.day IS NOT NULL
    AND (st.through_day > r.day OR st.rollups_through > r.day)
  RETURNING st.week_start, r.day
), reopened_rollups AS (
  DELETE FROM analytics_rollups ar USING reopened r
  WHERE ar.user_id = :user_id AND ar.period_start >= (period_bounds(ar.kind, r.day, r.week_start)).first_day
)`;
