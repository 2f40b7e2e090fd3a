import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
beforeAll(async () => {
  env = await startOwnStack();
});
afterAll(() => env?.close());

const newUser = () => `heatmap-${randomUUID()}`;
const dayOf = (
  body: { days: { date: string; minutes: number; sessions: number }[] },
  date: string,
) => body.days.find((d) => d.date === date);

describe('the calendar heatmap', () => {
  it('lists every day of the year with studied minutes, split at the student’s midnight', async () => {
    const user = newUser();
    await env.call(user, 'PUT', '/preferences', { timezone: 'Pacific/Auckland' });
    // 23:30 Mar 9 to 00:45 Mar 10 in Auckland (UTC+13 in March): 30 + 45 minutes.
    await env.pastSession(user, '2025-03-09T10:30:00Z', '2025-03-09T11:45:00Z');
    await env.pastSession(user, '2025-07-01T00:00:00Z', '2025-07-01T00:20:00Z');
    // Another year and another student: not counted.
    await env.pastSession(user, '2024-07-01T00:00:00Z', '2024-07-01T01:00:00Z');
    await env.pastSession(newUser(), '2025-07-01T00:00:00Z', '2025-07-01T05:00:00Z');

    const { status, body } = await env.call(user, 'GET', '/performance/heatmap?year=2025');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      year: 2025,
      timezone: 'Pacific/Auckland',
      total_minutes: 95,
      active_days: 3,
      max_minutes: 45,
    });
    expect(body.days).toHaveLength(365);
    expect(body.days[0].date).toBe('2025-01-01');
    expect(dayOf(body, '2025-03-09')).toEqual({ date: '2025-03-09', minutes: 30, sessions: 1 });
    // Sessions count on the day they started, so the days add up to the year.
    expect(dayOf(body, '2025-03-10')).toEqual({ date: '2025-03-10', minutes: 45, sessions: 0 });
    // 00:00 UTC on July 1 is noon in Auckland (UTC+12 in July).
    expect(dayOf(body, '2025-07-01')).toEqual({ date: '2025-07-01', minutes: 20, sessions: 1 });
    const sum = body.days.reduce((total: number, d: { minutes: number }) => total + d.minutes, 0);
    expect(sum).toBe(body.total_minutes);
  });

  it('defaults to the current year and is empty for a new student', async () => {
    const { body } = await env.call(newUser(), 'GET', '/performance/heatmap');
    expect(body.year).toBe(new Date().getUTCFullYear());
    expect(body.days.length).toBeGreaterThanOrEqual(365);
    expect(body).toMatchObject({ total_minutes: 0, active_days: 0, max_minutes: 0 });
  });

  it.each(['abc', '1999', '2024.5'])('refuses year=%s naming the parameter', async (year) => {
    const res = await env.call(newUser(), 'GET', `/performance/heatmap?year=${year}`);
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('query.year');
  });
});
