/**
 * Progress never drifts from the raw data: random sessions with pauses, across local midnights,
 * recomputed here from the rows alone and compared with what the API reports for each day.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
beforeAll(async () => {
  env = await startOwnStack();
});
afterAll(() => env?.close());

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/**
 * One formatter per zone: building one per call made the minute-by-minute scan below hold the
 * event loop, which also runs the local stack, for seconds.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function localDay(instant: number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone });
    formatters.set(timeZone, format);
  }
  return format.format(instant);
}

/** Studied milliseconds of [start, end) minus pauses, inside [a, b). */
function studiedWithin(
  s: { start: number; end: number; pauses: [number, number][] },
  a: number,
  b: number,
) {
  const overlap = (x: number, y: number) => Math.max(0, Math.min(y, b) - Math.max(x, a));
  return overlap(s.start, s.end) - s.pauses.reduce((sum, [p, r]) => sum + overlap(p, r), 0);
}

describe('goal progress', () => {
  it.each(['Pacific/Auckland', 'America/Los_Angeles', 'UTC'])(
    'equals a recomputation from raw rows (%s)',
    async (timeZone) => {
      const user = `invariant-${randomUUID()}`;
      await env.call(user, 'PUT', '/preferences', { timezone: timeZone });
      const next = random(timeZone.length * 7919);
      // Whole seconds, as the database counts studied time in whole seconds.
      const now = Math.floor(Date.now() / 1000) * 1000;
      const second = (ms: number) => Math.floor(ms / 1000) * 1000;
      const sessions: { start: number; end: number; pauses: [number, number][] }[] = [];
      let cursor = now - 6 * 86_400_000;
      for (let i = 0; i < 12; i++) {
        const start = second(cursor + next() * 8 * 3_600_000);
        const end = second(start + (20 + next() * 160) * 60_000);
        const pauseAt = second(start + (end - start) * next() * 0.5);
        // Ending a session closes a running pause, so a pause never outlasts its session.
        const resumeAt = Math.min(end, second(pauseAt + next() * 20 * 60_000));
        const pauses: [number, number][] = next() < 0.5 ? [[pauseAt, resumeAt]] : [];
        if (end >= now) break;
        sessions.push({ start, end, pauses });
        cursor = end + 30 * 60_000;
      }
      for (const s of sessions) {
        const rows = await env.rows<{ id: number }>(`
        INSERT INTO study_sessions (user_id, session_type, status, start_time, end_time, duration_seconds)
        VALUES ('${user}', 'solo', 'completed', '${new Date(s.start).toISOString()}', '${new Date(s.end).toISOString()}',
                ${Math.floor(studiedWithin(s, s.start, s.end) / 1000)})
        RETURNING id`);
        for (const [p, r] of s.pauses) {
          await env.sql(`INSERT INTO session_pauses (session_id, paused_at, resumed_at)
          VALUES (${rows[0]?.id}, '${new Date(p).toISOString()}', '${new Date(r).toISOString()}')`);
        }
      }
      const today = localDay(now, timeZone);
      const firstDay = localDay(now - 7 * 86_400_000, timeZone);
      const created = await env.call(user, 'POST', '/goals', {
        goal_type: 'study_time',
        goal_name: 'Daily hour',
        target_value: 60,
        start_date: firstDay,
        target_date: today,
        is_recurring: true,
        recurrence_pattern: 'daily',
      });
      const { body } = await env.call(user, 'GET', `/goals/${created.body.goal_id}`);

      // Local midnights, found by stepping through the instants rather than by assuming offsets.
      const dayBounds = new Map<string, [number, number]>();
      const firstMinute = Math.floor((now - 9 * 86_400_000) / 60_000) * 60_000;
      for (let t = firstMinute; t <= now + 86_400_000; t += 60_000) {
        const day = localDay(t, timeZone);
        const bounds = dayBounds.get(day);
        dayBounds.set(day, bounds ? [bounds[0], t + 60_000] : [t, t + 60_000]);
      }
      for (const period of body.periods as { period_start: string; value: number }[]) {
        const [a, b] = dayBounds.get(period.period_start) as [number, number];
        const expected = Math.floor(
          sessions.reduce((sum, s) => sum + studiedWithin(s, a, b), 0) / 60_000,
        );
        expect(period.value, `${timeZone} ${period.period_start}`).toBe(expected);
      }
      expect(body.periods.length).toBeGreaterThanOrEqual(7);
    },
  );
});
