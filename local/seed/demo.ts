/**
 * The demo student's semester: five classes, a history since 1 September (or the last twelve
 * weeks), and goals that are under way. Seeding again replaces the demo student's data.
 */
import type { DataApi } from '../../functions/platform/data-api';
import { typed } from '../../functions/platform/sql-values';
import { isoDay, type Profile, studentHistory } from './generator';
import { writeSessions } from './writer';

export const DEMO_USER = 'demo';
/** The demo student takes daily and weekly reports; locally they land in the SES inbox. */
export const DEMO_EMAIL = 'demo@study-analytics.local';

export const CLASSES: Record<number, string> = {
  101: 'Biology',
  102: 'Calculus',
  103: 'World History',
  104: 'Chemistry',
  105: 'English Literature',
  106: 'Physics',
  107: 'Spanish',
  108: 'Computer Science',
  109: 'Economics',
  110: 'Psychology',
};

const DEMO_PROFILE: Profile = {
  timezone: 'Europe/London',
  weekStart: 'monday',
  classes: [101, 102, 103, 104, 105],
  studyChance: 0.8,
  weekendFactor: 0.6,
  sessionMinutes: 50,
  preferredHour: 17,
  skill: 0.68,
  drift: 0.15,
  focusChance: 0.6,
};

const CLASSES_SQL = `
INSERT INTO classes (id, name, updated_at)
SELECT (c ->> 'id')::bigint, c ->> 'name', now() FROM jsonb_array_elements(CAST(:classes AS jsonb)) c
ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at, deleted = false`;

export const seedClasses = (db: DataApi) =>
  db.query(CLASSES_SQL, {
    classes: typed.json(Object.entries(CLASSES).map(([id, name]) => ({ id: Number(id), name }))),
  });

// Everything tied to the demo student goes, idempotency records included: a replayed
// Idempotency-Key must not answer with a session this reset deleted.
const RESET_SQL = `
WITH sessions AS (DELETE FROM study_sessions WHERE user_id = :user_id RETURNING 1),
     points AS (DELETE FROM points_ledger WHERE user_id = :user_id RETURNING 1),
     daily AS (DELETE FROM points_daily WHERE user_id = :user_id RETURNING 1),
     goals AS (DELETE FROM study_goals WHERE user_id = :user_id RETURNING 1),
     state AS (DELETE FROM analytics_snapshot_state WHERE user_id = :user_id RETURNING 1),
     snapshots AS (DELETE FROM analytics_snapshots WHERE user_id = :user_id RETURNING 1),
     rollups AS (DELETE FROM analytics_rollups WHERE user_id = :user_id RETURNING 1),
     deliveries AS (DELETE FROM report_deliveries WHERE user_id = :user_id RETURNING 1),
     idempotency AS (DELETE FROM idempotency_keys WHERE user_id = :user_id RETURNING 1),
     preferences AS (
       INSERT INTO user_preferences (user_id, timezone, week_start, email, daily_report, weekly_report)
       VALUES (:user_id, :timezone, :week_start, :email, true, true)
       ON CONFLICT (user_id) DO UPDATE SET timezone = excluded.timezone,
         week_start = excluded.week_start, day_starts_at_hour = 0, email = excluded.email,
         daily_report = true, weekly_report = true, report_hour = 7, skip_empty = true,
         updated_at = now()
       RETURNING 1)
SELECT (SELECT count(*) FROM sessions)::int AS sessions,
       (SELECT count(*) FROM goals)::int AS goals,
       (SELECT count(*) FROM points)::int AS awards,
       (SELECT count(*) FROM idempotency)::int AS idempotency_keys,
       (SELECT count(*) FROM preferences)::int AS preferences`;

const GOALS_SQL = `
INSERT INTO study_goals (user_id, class_id, goal_type, goal_name, goal_description, target_value,
  unit, start_date, target_date, priority, reminder_enabled, recurrence_pattern)
SELECT :user_id, (g ->> 'class_id')::bigint, g ->> 'goal_type', g ->> 'goal_name',
       g ->> 'goal_description', (g ->> 'target_value')::numeric, g ->> 'unit',
       CAST(:start_date AS date), CAST(:target_date AS date), g ->> 'priority', true,
       g ->> 'recurrence_pattern'
FROM jsonb_array_elements(CAST(:goals AS jsonb)) g`;

const GOALS = [
  {
    goal_type: 'study_time',
    goal_name: '10 hours a week',
    goal_description: 'Steady study every week',
    target_value: 600,
    unit: 'minutes',
    priority: 'high',
    recurrence_pattern: 'weekly',
  },
  {
    goal_type: 'test_score',
    goal_name: 'Calculus tests at 85%',
    class_id: 102,
    target_value: 85,
    unit: 'percent',
    priority: 'high',
  },
  {
    goal_type: 'flashcard_mastery',
    goal_name: 'Chemistry flashcards at 90%',
    class_id: 104,
    target_value: 90,
    unit: 'percent',
    priority: 'medium',
  },
  {
    goal_type: 'streak',
    goal_name: 'A 14-day streak',
    target_value: 14,
    unit: 'days',
    priority: 'medium',
  },
  {
    goal_type: 'assignment_completion',
    goal_name: '40 assignments this semester',
    target_value: 40,
    unit: 'assignments',
    priority: 'low',
  },
];

/** What a reset removed of the demo student's earlier data. */
export interface DemoReset {
  sessions: number;
  goals: number;
  awards: number;
  idempotency_keys: number;
}

/** Replaces the demo student's data with a fresh semester ending yesterday. */
export async function seedDemo(db: DataApi, today = new Date()) {
  const year = today.getUTCFullYear();
  const september = `${today.getUTCMonth() >= 8 ? year : year - 1}-09-01`;
  const twelveWeeksAgo = isoDay(today.getTime() - 84 * 86_400_000);
  const firstDay = september > twelveWeeksAgo ? twelveWeeksAgo : september;
  const yesterday = isoDay(today.getTime() - 86_400_000);
  const semesterEnd = isoDay(today.getTime() + 28 * 86_400_000);

  await seedClasses(db);
  const {
    rows: [replaced],
  } = await db.query<DemoReset>(RESET_SQL, {
    user_id: DEMO_USER,
    timezone: DEMO_PROFILE.timezone,
    week_start: DEMO_PROFILE.weekStart,
    email: DEMO_EMAIL,
  });
  const sessions = studentHistory(DEMO_USER, DEMO_PROFILE, firstDay, yesterday);
  let written = { sessions: 0, activities: 0 };
  for (let i = 0; i < sessions.length; i += 100) {
    const chunk = await writeSessions(db, sessions.slice(i, i + 100));
    written = {
      sessions: written.sessions + chunk.sessions,
      activities: written.activities + chunk.activities,
    };
  }
  await db.query(GOALS_SQL, {
    user_id: DEMO_USER,
    start_date: typed.date(firstDay),
    target_date: typed.date(semesterEnd),
    goals: typed.json(GOALS),
  });
  return { ...written, goals: GOALS.length, firstDay, lastDay: yesterday, replaced };
}
