/**
 * An idle stage lets Aurora pause: over a simulated day without students, the schedules wake
 * the database at most once an hour, and nothing asks for another run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedules, wakeUpQueues } from '../../functions/routes';
import { simulateIdleDay } from '../../local/idle-day';
import { firingsBetween, nextFiring } from '../../local/schedule-expression';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;

beforeAll(async () => {
  env = await startOwnStack();
});
afterAll(async () => {
  await env?.close();
});

describe('an idle day', () => {
  it('wakes the database at most once an hour, and leaves no wake-up behind', async () => {
    const day = await simulateIdleDay(env.stack, new Date('2026-12-01T00:00:30Z'));
    expect(day.firings).toBeGreaterThan(0);
    expect(day.wakeUps.length).toBeLessThanOrEqual(24);
    // No two wake-ups within the same hour.
    const gaps = day.wakeUps
      .slice(1)
      .map((at, i) => Date.parse(at) - Date.parse(day.wakeUps[i] as string));
    expect(gaps.every((gap) => gap >= 3_600_000)).toBe(true);
    for (const spec of wakeUpQueues) expect(env.stack.queues.messages(spec.name)).toEqual([]);
  });
});

describe('schedule expressions', () => {
  it('fire every job at minute 0, and housekeeping with them', () => {
    const from = new Date('2026-12-01T00:00:30Z');
    const to = new Date('2026-12-02T00:00:30Z');
    for (const schedule of schedules) {
      if (!schedule.expression) continue;
      const firings = firingsBetween(schedule.expression, from, to);
      expect(firings.every((at) => at.getUTCMinutes() === 0 && at.getUTCSeconds() === 0)).toBe(
        true,
      );
      expect(firings.length).toBeLessThanOrEqual(24);
    }
  });

  it('reads rates, steps and lists as Scheduler does', () => {
    const at = new Date('2026-12-01T10:07:00Z');
    expect(nextFiring('cron(0 * * * ? *)', at).toISOString()).toBe('2026-12-01T11:00:00.000Z');
    expect(nextFiring('cron(0 3 * * ? *)', at).toISOString()).toBe('2026-12-02T03:00:00.000Z');
    expect(nextFiring('cron(*/15 * * * ? *)', at).toISOString()).toBe('2026-12-01T10:15:00.000Z');
    expect(nextFiring('cron(5,50 10 * * ? *)', at).toISOString()).toBe('2026-12-01T10:50:00.000Z');
    expect(nextFiring('rate(1 hour)', at, new Date('2026-12-01T09:30:00Z')).toISOString()).toBe(
      '2026-12-01T10:30:00.000Z',
    );
    expect(() => nextFiring('cron(0 12 ? * MON-FRI *)', at)).toThrow(/Unsupported/);
  });
});
