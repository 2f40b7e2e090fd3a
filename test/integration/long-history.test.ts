/**
 * One student with five years of daily study, the longest notes, descriptions and metadata the
 * API accepts, and every endpoint called with its largest allowed parameters: every answer must
 * fit the Data API's limits (64 KB a row, 1 MiB a result; the emulator enforces both) and the
 * API role's statement timeout, so none is a 5xx.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/data-api.troubleshooting.html
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
const user = `long-history-${randomUUID()}`;
const DAYS = 5 * 365 + 1;
/** The longest text of each kind, in the characters that take the most bytes once escaped. */
const NOTES = `repeat('"漢', 2500)`; // 5,000 characters
const DESCRIPTION = `repeat('"漢', 1000)`; // 2,000 characters
const NAME = `repeat('漢', 200)`;
/** Metadata whose JSON is just under the 8,000 characters the API accepts. */
const METADATA = `jsonb_build_object('k', repeat('漢', 7990))`;
const ids: Record<string, number> = {};

const today = () => new Date().toISOString().slice(0, 10);
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const firstDay = () => addDays(today(), -DAYS);
const lastMonth = () => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};

async function seed() {
  // A session a day for five years (two hours, three activities, an award), set-based.
  await env.sql(`
    WITH days AS (
      SELECT d::date AS day, row_number() OVER (ORDER BY d) AS n
      FROM generate_series(CAST('${firstDay()}' AS date), CAST('${addDays(today(), -1)}' AS date), interval '1 day') d
    ), sessions AS (
      INSERT INTO study_sessions (user_id, class_id, session_type, focus_mode, location, status,
        start_time, end_time, duration_seconds, mood_rating, productivity_rating, notes)
      SELECT '${user}', 100 + n % 40, 'solo', n % 2 = 0, repeat('漢', 200), 'completed',
             day + time '08:00', day + time '10:00', 7200, 1 + n % 5, 1 + n % 5, ${NOTES}
      FROM days
      RETURNING id, start_time
    ), activities AS (
      INSERT INTO session_activities (session_id, user_id, activity_type, items_completed,
        items_correct, duration_minutes, points_earned, metadata, created_at)
      SELECT s.id, '${user}', t.type, 20, 15, 20, t.points, jsonb_build_object('source', 'import'),
             s.start_time + interval '30 minutes'
      FROM sessions s CROSS JOIN (VALUES ('testing', 15), ('flashcards', 15), ('assignment', 50)) AS t (type, points)
    )
    INSERT INTO points_ledger (user_id, reference_type, reference_id, points, reason, breakdown, award_day, awarded_at)
    SELECT '${user}', 'study_session', s.id::text, 140, 'study_session',
           jsonb_build_object('credited_minutes', 120, 'time_points', 60, 'activity_points', 80,
                              'below_minimum_length', false, 'before_daily_cap', 140, 'daily_cap_applied', false),
           s.start_time::date, s.start_time + interval '2 hours'
    FROM sessions s`);
  // Last month, 500 more sessions (a heavy month) for the monthly report's longest list.
  await env.sql(`
    INSERT INTO study_sessions (user_id, class_id, session_type, status, start_time, end_time,
      duration_seconds, notes)
    SELECT '${user}', 100 + n % 40, 'group', 'completed',
           CAST('${lastMonth()}-01' AS timestamptz) + n * interval '80 minutes',
           CAST('${lastMonth()}-01' AS timestamptz) + n * interval '80 minutes' + interval '10 minutes',
           600, ${NOTES}
    FROM generate_series(1, 500) n`);
  // One ended session and the open one, each with 60 activities of the largest metadata and
  // 300 pauses.
  for (const open of [false, true]) {
    const [row] = await env.rows<{ id: number }>(`
      INSERT INTO study_sessions (user_id, class_id, session_type, status, start_time, end_time,
        duration_seconds, notes, location)
      VALUES ('${user}', 101, 'tutoring', '${open ? 'active' : 'completed'}',
              now() - interval '${open ? 11 : 23} hours', ${open ? 'NULL' : "now() - interval '12 hours'"},
              ${open ? 'NULL' : 36000}, ${open ? 'NULL' : NOTES}, repeat('漢', 200))
      RETURNING id`);
    const id = row?.id as number;
    ids[open ? 'open' : 'heavy'] = id;
    await env.sql(`
      INSERT INTO session_activities (session_id, user_id, activity_type, content_type, content_id,
        items_completed, items_correct, duration_minutes, points_earned, metadata, created_at)
      SELECT ${id}, '${user}', 'notes', repeat('漢', 100), repeat('漢', 200), 0, 0, 1, 0, ${METADATA},
             now() - interval '${open ? 11 : 23} hours' + n * interval '1 minute'
      FROM generate_series(1, 60) n`);
    await env.sql(`
      INSERT INTO session_pauses (session_id, paused_at, resumed_at)
      SELECT ${id}, now() - interval '${open ? 11 : 23} hours' + n * interval '1 minute' + interval '2 hours',
             now() - interval '${open ? 11 : 23} hours' + n * interval '1 minute' + interval '2 hours 30 seconds'
      FROM generate_series(1, 300) n`);
  }
  // 24 goals (every type, once and recurring) with the longest names and descriptions, all
  // running for five years.
  const start = addDays(today(), -(5 * 365 - 2));
  const goals = await env.rows<{ id: number; kind: string }>(`
    INSERT INTO study_goals (user_id, class_id, goal_type, goal_name, goal_description, target_value,
      unit, start_date, target_date, priority, recurrence_pattern)
    SELECT '${user}', CASE WHEN n % 3 = 0 THEN 100 + n % 40 END,
           (ARRAY['study_time', 'test_score', 'flashcard_mastery', 'assignment_completion', 'streak', 'custom'])[1 + n % 6],
           ${NAME}, ${DESCRIPTION}, 50, repeat('漢', 50), CAST('${start}' AS date),
           (CAST('${start}' AS date) + interval '5 years')::date, 'high',
           (ARRAY[NULL, 'daily', 'weekly', 'monthly'])[1 + (n / 6) % 4]
    FROM generate_series(1, 24) n
    RETURNING id, goal_type || '-' || coalesce(recurrence_pattern, 'once') AS kind`);
  for (const goal of goals) ids[`goal-${goal.kind}`] ??= goal.id;
  // Custom goals: a progress entry with the longest notes every day.
  await env.sql(`
    INSERT INTO goal_progress (goal_id, value, notes, recorded_at)
    SELECT g.id, 1, ${DESCRIPTION}, d
    FROM study_goals g,
         generate_series(CAST('${start}' AS timestamptz) + interval '12 hours', now() - interval '1 day', interval '1 day') d
    WHERE g.user_id = '${user}' AND g.goal_type = 'custom' AND g.id IN (${ids['goal-custom-once']}, ${ids['goal-custom-daily']})`);
  // Closed days come from the snapshots, as they would for a student of five years.
  await env.runSchedule('report-builder');
}

beforeAll(async () => {
  env = await startOwnStack();
  await seed();
}, 600_000);
afterAll(() => env?.close());

/** A GET as the student; JSON answers parsed, CSV and HTML kept as text. */
async function get(path: string): Promise<{ status: number; body: any }> {
  const res = await env.fetchRaw(user, path);
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json');
  return { status: res.status, body: json ? JSON.parse(text) : text };
}

/** Every GET of the route table, with the largest parameters each accepts. */
function largestReads(): string[] {
  const goalPaths = Object.entries(ids)
    .filter(([key]) => key.startsWith('goal-'))
    .map(([, id]) => `/goals/${id}?periods_limit=60`);
  const years = Array.from({ length: 6 }, (_, i) => new Date().getUTCFullYear() - i);
  const trends = [
    'study_time',
    'test_average',
    'flashcard_accuracy',
    'sessions',
    'focus_minutes',
  ].flatMap((metric) =>
    [
      ['daily', 366],
      ['weekly', 104],
      ['monthly', 36],
    ].map(
      ([period, points]) =>
        `/performance/trends?metric_type=${metric}&period=${period}&points=${points}`,
    ),
  );
  return [
    '/sessions?limit=100',
    `/sessions?limit=100&start_date=${firstDay()}&end_date=${today()}`,
    '/sessions?limit=100&class_id=101',
    '/sessions/active',
    `/sessions/${ids.heavy}`,
    `/sessions/${ids.open}`,
    '/preferences',
    '/points?limit=500',
    `/points?limit=500&start_date=${firstDay()}&end_date=${today()}`,
    '/goals',
    '/goals?status=active',
    ...goalPaths,
    ...years.map((year) => `/performance/heatmap?year=${year}`),
    ...['daily', 'weekly', 'monthly', 'all_time'].map((p) => `/performance/overview?period=${p}`),
    '/performance/overview?period=all_time&class_id=101',
    ...trends,
    ...['daily', 'weekly', 'monthly'].map(
      (p) => `/performance/comparison?compare_by=class&period=${p}`,
    ),
    ...['daily', 'weekly', 'monthly'].map(
      (p) => `/performance/comparison?compare_by=period&period=${p}`,
    ),
    ...['weekly', 'monthly'].map((p) => `/performance/comparison?compare_by=peers&period=${p}`),
    '/reports/daily',
    `/reports/daily?date=${addDays(today(), -1)}&format=html`,
    '/reports/weekly',
    '/reports/weekly?format=csv',
    `/reports/monthly?month=${lastMonth()}`,
    `/reports/monthly?month=${lastMonth()}&format=csv`,
    '/reports/monthly',
  ];
}

describe('a student with five years of daily study and the longest texts', () => {
  // About eighty requests in a row on a busy machine: a deadline far beyond any normal run.
  const unhurried = 30 * 60_000;

  it(
    'gets an answer, never a 5xx, from every read with its largest parameters',
    async () => {
      const failures: string[] = [];
      for (const path of largestReads()) {
        const res = await get(path);
        if (res.status !== 200)
          failures.push(`${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
      expect(failures).toEqual([]);
    },
    unhurried,
  );

  it(
    'answers the longest lists in full or in pages that add up',
    async () => {
      const points = await get('/points?limit=500');
      expect(points.body.awards).toHaveLength(500);
      expect(points.body.award_count).toBe(DAYS);

      const seen = new Set<number>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await get(`/sessions?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.sessions.length).toBeGreaterThan(0);
        for (const s of page.body.sessions) seen.add(s.session_id);
        cursor = page.body.next_cursor;
        pages++;
      } while (cursor && pages < 8);
      expect(seen.size).toBeGreaterThanOrEqual(8 * 20);

      const monthly = await get(`/reports/monthly?month=${lastMonth()}`);
      expect(monthly.body.sessions.length).toBe(500);

      const heavy = await get(`/sessions/${ids.heavy}`);
      expect(heavy.body.activity_count).toBe(60);
      expect(heavy.body.activities.length).toBeGreaterThan(0);
      expect(heavy.body.pauses).toHaveLength(300);
    },
    unhurried,
  );

  it(
    'exports the whole record in pages within the limits, as JSON and as CSV',
    async () => {
      const counts: Record<string, number> = {};
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await env.fetchRaw(user, `/me/export${cursor ? `?cursor=${cursor}` : ''}`);
        const text = await res.text();
        expect(res.status, text.slice(0, 200)).toBe(200);
        expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
        const page = JSON.parse(text);
        for (const [kind, list] of Object.entries(page)) {
          if (Array.isArray(list)) counts[kind] = (counts[kind] ?? 0) + list.length;
        }
        cursor = page.next_cursor;
        pages++;
      } while (cursor && pages < 1_000);
      const [stored] = await env.rows(`
        SELECT (SELECT count(*) FROM study_sessions WHERE user_id = '${user}')::integer AS sessions,
               (SELECT count(*) FROM session_activities WHERE user_id = '${user}')::integer AS activities,
               (SELECT count(*) FROM goal_progress e JOIN study_goals g ON g.id = e.goal_id
                WHERE g.user_id = '${user}')::integer AS goal_progress,
               (SELECT count(*) FROM points_ledger WHERE user_id = '${user}')::integer AS points`);
      expect(counts).toMatchObject(stored);
      expect(counts.pauses).toBe(600);

      let lines = 0;
      let next: string | null = '';
      pages = 0;
      while (next !== null && pages < 1_000) {
        const res = await env.fetchRaw(
          user,
          `/me/export?format=csv${next ? `&cursor=${next}` : ''}`,
        );
        const text = await res.text();
        expect(res.status, text.slice(0, 200)).toBe(200);
        expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
        lines += (text.match(/\r\n(session|activity),/g) ?? []).length;
        next = res.headers.get('x-next-cursor');
        pages++;
      }
      expect(lines).toBe(stored.sessions + stored.activities);
    },
    unhurried,
  );

  it(
    'accepts every change with its largest body',
    async () => {
      const statuses: Record<string, number> = {};
      const note = '"漢'.repeat(2500);
      const metadata = { k: '漢'.repeat(7990) };
      const open = ids.open;
      statuses.activity = (
        await env.call(user, 'POST', `/sessions/${open}/activities`, {
          activity_type: 'notes',
          content_type: 'x'.repeat(100),
          content_id: 'x'.repeat(200),
          items_completed: 100_000,
          items_correct: 100_000,
          duration_minutes: 24 * 60,
          metadata,
        })
      ).status;
      statuses.pause = (await env.call(user, 'POST', `/sessions/${open}/pause`)).status;
      statuses.resume = (await env.call(user, 'POST', `/sessions/${open}/resume`)).status;
      statuses.end = (
        await env.call(user, 'PUT', `/sessions/${open}/end`, {
          mood_rating: 5,
          productivity_rating: 5,
          notes: note,
        })
      ).status;
      await env.stack.bus.idle();
      statuses.start = (
        await env.call(user, 'POST', '/sessions/start', {
          class_id: Number.MAX_SAFE_INTEGER,
          session_type: 'solo',
          location: '漢'.repeat(200),
        })
      ).status;
      statuses.preferences = (
        await env.call(user, 'PUT', '/preferences', {
          timezone: 'Pacific/Kiritimati',
          week_start: 'sunday',
          day_starts_at_hour: 6,
        })
      ).status;
      const created = await env.call(user, 'POST', '/goals', {
        goal_type: 'study_time',
        goal_name: '漢'.repeat(200),
        goal_description: '"漢'.repeat(1000),
        target_value: 1_000_000,
        unit: '漢'.repeat(50),
        start_date: addDays(today(), -(5 * 365 - 2)),
        target_date: addDays(today(), 2),
        is_recurring: true,
        recurrence_pattern: 'daily',
      });
      statuses.createGoal = created.status;
      statuses.updateGoal = (
        await env.call(user, 'PUT', `/goals/${ids['goal-custom-once']}`, {
          goal_description: '"漢'.repeat(1000),
        })
      ).status;
      statuses.progress = (
        await env.call(user, 'POST', `/goals/${ids['goal-custom-daily']}/progress`, {
          progress_value: 1_000_000,
          notes: '"漢'.repeat(1000),
        })
      ).status;
      statuses.getCreated = (await get(`/goals/${created.body.goal_id}?periods_limit=60`)).status;
      statuses.deleteGoal = (
        await env.call(user, 'DELETE', `/goals/${ids['goal-custom-once']}?purge=true`)
      ).status;
      expect(statuses).toEqual({
        activity: 201,
        pause: 200,
        resume: 200,
        end: 200,
        start: 201,
        preferences: 200,
        createGoal: 201,
        updateGoal: 200,
        progress: 200,
        getCreated: 200,
        deleteGoal: 200,
      });
    },
    unhurried,
  );
});
