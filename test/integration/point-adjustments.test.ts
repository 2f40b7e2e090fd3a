import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PointsAdjustedDetail, SessionChangedDetail } from '../../functions/contracts/events';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;

beforeAll(async () => {
  // Sixty days back, so that a session on the last clock change (2026-10-25 in Europe) can be
  // recorded and corrected.
  env = await startOwnStack({ functionEnv: { PAST_SESSION_WINDOW_DAYS: '60' } });
});

afterAll(async () => {
  await env?.close();
});

const newUser = () => `adjust-${randomUUID()}`;
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

async function added(user: string, body: Record<string, unknown>) {
  const res = await env.call(user, 'POST', '/sessions', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await env.stack.bus.idle();
  return res.body.session_id as number;
}

const ledgerOf = (user: string) =>
  env.rows<{ reference_type: string; points: number; award_day: string }>(
    `SELECT reference_type, points, to_char(award_day, 'YYYY-MM-DD') AS award_day
     FROM points_ledger WHERE user_id = '${user}' ORDER BY id`,
  );

const dailyTotals = (user: string) =>
  env.rows<{ award_day: string; total: number }>(
    `SELECT to_char(award_day, 'YYYY-MM-DD') AS award_day, total FROM points_daily
     WHERE user_id = '${user}' ORDER BY award_day`,
  );

/** Minutes and points of a day, as the daily report, the heatmap and the points list give them. */
async function dayFigures(user: string, date: string) {
  const report = await env.call(user, 'GET', `/reports/daily?date=${date}`);
  expect(report.status).toBe(200);
  const heatmap = await env.call(user, 'GET', `/performance/heatmap?year=${date.slice(0, 4)}`);
  const cell = heatmap.body.days.find((d: { date: string }) => d.date === date);
  const points = await env.call(user, 'GET', `/points?start_date=${date}&end_date=${date}`);
  return {
    report_minutes: report.body.summary.minutes,
    heatmap_minutes: cell.minutes,
    report_points: report.body.summary.points,
    ledger_points: points.body.total_points,
  };
}

const adjustmentsOf = (user: string) =>
  env.stack.bus
    .published()
    .filter(
      (e) => e['detail-type'] === 'Study Points Adjusted' && (e.detail as any).user_id === user,
    )
    .map((e) => PointsAdjustedDetail.parse(e.detail));

describe('correcting a session adjusts its points once, by ledger entries', () => {
  it('moves the points across midnight in UTC+13, and reports and heatmap agree', async () => {
    const user = newUser();
    await env.call(user, 'PUT', '/preferences', { timezone: 'Pacific/Tongatapu' });
    // 22:00-23:40 on Nov 28 in Tonga (UTC+13): 100 minutes, 50 points, on Nov 28.
    const id = await added(user, {
      start_time: '2026-11-28T22:00:00+13:00',
      end_time: '2026-11-28T23:40:00+13:00',
    });
    expect(await ledgerOf(user)).toEqual([
      { reference_type: 'study_session', points: 50, award_day: '2026-11-28' },
    ]);
    // Rolled up before the correction, so the snapshots of both days must be refreshed.
    await env.runSchedule('report-builder');

    // 23:00 Nov 28 to 00:50 Nov 29 local (all of it Nov 28 in UTC): 110 minutes, 55 points.
    const fixed = await env.call(user, 'PATCH', `/sessions/${id}`, {
      start_time: '2026-11-28T10:00:00Z',
      end_time: '2026-11-28T11:50:00Z',
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.duration_minutes).toBe(110);
    await env.stack.bus.idle();

    expect(await ledgerOf(user)).toEqual([
      { reference_type: 'study_session', points: 50, award_day: '2026-11-28' },
      { reference_type: 'study_session_adjustment', points: -50, award_day: '2026-11-28' },
      { reference_type: 'study_session_adjustment', points: 55, award_day: '2026-11-29' },
    ]);
    expect(await dailyTotals(user)).toEqual([
      { award_day: '2026-11-28', total: 0 },
      { award_day: '2026-11-29', total: 55 },
    ]);
    const events = adjustmentsOf(user);
    expect(events.map((e) => [e.points, e.award_day, e.adjusts.reference_id])).toEqual([
      [-50, '2026-11-28', String(id)],
      [55, '2026-11-29', String(id)],
    ]);

    for (const pass of ['before the builder runs again', 'after it ran']) {
      expect(await dayFigures(user, '2026-11-28'), pass).toEqual({
        report_minutes: 60,
        heatmap_minutes: 60,
        report_points: 0,
        ledger_points: 0,
      });
      expect(await dayFigures(user, '2026-11-29'), pass).toEqual({
        report_minutes: 50,
        heatmap_minutes: 50,
        report_points: 55,
        ledger_points: 55,
      });
      await env.runSchedule('report-builder');
    }
    const total = await env.call(user, 'GET', '/points');
    expect(total.body.total_points).toBe(55);
  });

  it('counts the repeated hour of a clock change (Paris, 2026-10-25) once', async () => {
    const user = newUser();
    await env.call(user, 'PUT', '/preferences', { timezone: 'Europe/Paris' });
    // 22:00-23:30 on Oct 24 in Paris (UTC+2): 90 minutes, 45 points.
    const id = await added(user, {
      start_time: '2026-10-24T22:00:00+02:00',
      end_time: '2026-10-24T23:30:00+02:00',
    });
    await env.runSchedule('report-builder');
    // 23:00 to 02:30 after the clocks went back (UTC+1): 4.5 hours, 240 credited, 120 points.
    const fixed = await env.call(user, 'PATCH', `/sessions/${id}`, {
      start_time: '2026-10-24T23:00:00+02:00',
      end_time: '2026-10-25T02:30:00+01:00',
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.duration_minutes).toBe(270);
    await env.stack.bus.idle();
    expect(await ledgerOf(user)).toEqual([
      { reference_type: 'study_session', points: 45, award_day: '2026-10-24' },
      { reference_type: 'study_session_adjustment', points: -45, award_day: '2026-10-24' },
      { reference_type: 'study_session_adjustment', points: 120, award_day: '2026-10-25' },
    ]);
    // Oct 24: 23:00 to midnight; Oct 25 (25 hours long): midnight to 02:30, 3.5 hours.
    expect(await dayFigures(user, '2026-10-24')).toEqual({
      report_minutes: 60,
      heatmap_minutes: 60,
      report_points: 0,
      ledger_points: 0,
    });
    expect(await dayFigures(user, '2026-10-25')).toEqual({
      report_minutes: 210,
      heatmap_minutes: 210,
      report_points: 120,
      ledger_points: 120,
    });
  });

  it('adjusts within the daily cap of the day the session moves to', async () => {
    const user = newUser();
    // Two long sessions yesterday (240 credited minutes each: 120 points) and one the day before.
    const day = (offset: number, hour: number) => {
      const d = new Date();
      d.setUTCDate(d.getUTCDate() - offset);
      d.setUTCHours(hour, 0, 0, 0);
      return d.toISOString();
    };
    await added(user, { start_time: day(1, 1), end_time: day(1, 5) });
    await added(user, { start_time: day(1, 6), end_time: day(1, 10) });
    const moved = await added(user, { start_time: day(2, 1), end_time: day(2, 5) });
    // Moved onto yesterday, where 240 of the 300 are taken: it keeps 60 of its 120.
    const fixed = await env.call(user, 'PATCH', `/sessions/${moved}`, {
      start_time: day(1, 11),
      end_time: day(1, 15),
    });
    expect(fixed.status).toBe(200);
    await env.stack.bus.idle();
    const ledger = await ledgerOf(user);
    expect(ledger.slice(3).map((l) => l.points)).toEqual([-120, 60]);
    const totals = await dailyTotals(user);
    expect(totals.map((t) => t.total)).toEqual([0, 300]);
  });

  it('adjusts once when the change is delivered twice', async () => {
    const user = newUser();
    const id = await added(user, { start_time: ago(200), end_time: ago(140) });
    env.stack.bus.setDeliverTwice(true);
    try {
      const fixed = await env.call(user, 'PATCH', `/sessions/${id}`, { end_time: ago(100) });
      expect(fixed.status).toBe(200);
      await env.stack.bus.idle();
    } finally {
      env.stack.bus.setDeliverTwice(false);
    }
    const changed = env.stack.bus
      .published()
      .filter(
        (e) => e['detail-type'] === 'Study Session Changed' && (e.detail as any).user_id === user,
      );
    expect(changed).toHaveLength(1);
    expect(SessionChangedDetail.parse(changed[0]?.detail)).toMatchObject({
      session_id: id,
      change: 'edited',
      revision: 1,
      duration_minutes: 100,
      previous: { duration_minutes: 60 },
    });
    // 60 minutes → 30 points; 100 minutes → 50: one entry of +20.
    expect((await ledgerOf(user)).map((l) => l.points)).toEqual([30, 20]);
    expect((await dailyTotals(user)).map((t) => t.total)).toEqual([50]);

    // The same event again, later (a replay): nothing more.
    const bus = new EventBridgeClient({
      endpoint: env.stack.bus.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await bus.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: env.stack.bus.name,
            Source: 'study-analytics',
            DetailType: 'Study Session Changed',
            Detail: JSON.stringify(changed[0]?.detail),
          },
        ],
      }),
    );
    bus.destroy();
    await env.stack.bus.idle();
    expect((await ledgerOf(user)).map((l) => l.points)).toEqual([30, 20]);
    expect(env.stack.bus.deadLetters()).toEqual([]);
  });

  it('reverses the points of a deleted session, and its goal progress drops', async () => {
    const user = newUser();
    const goal = await env.call(user, 'POST', '/goals', {
      goal_type: 'study_time',
      goal_name: 'Ten hours a week',
      target_value: 600,
      unit: 'minutes',
      target_date: '2030-12-31',
      is_recurring: true,
      recurrence_pattern: 'weekly',
    });
    expect(goal.status).toBe(201);
    const keep = await added(user, { start_time: ago(300), end_time: ago(270) });
    const remove = await added(user, { start_time: ago(200), end_time: ago(110) });
    const before = await env.call(user, 'GET', `/goals/${goal.body.goal_id}`);
    expect(before.body.current_value).toBe(120);
    expect((await env.call(user, 'GET', '/points')).body.total_points).toBe(60);

    const res = await env.call(user, 'DELETE', `/sessions/${remove}`);
    expect(res.status).toBe(200);
    await env.stack.bus.idle();
    expect((await ledgerOf(user)).map((l) => [l.reference_type, l.points])).toEqual([
      ['study_session', 15],
      ['study_session', 45],
      ['study_session_adjustment', -45],
    ]);
    expect((await env.call(user, 'GET', '/points')).body.total_points).toBe(15);
    const after = await env.call(user, 'GET', `/goals/${goal.body.goal_id}`);
    expect(after.body.current_value).toBe(30);
    expect(adjustmentsOf(user)).toMatchObject([
      { points: -45, reason: 'study_session_deleted', session_id: remove },
    ]);
    expect(keep).toBeGreaterThan(0);
  });

  it('leaves the points alone when a correction does not change them', async () => {
    const user = newUser();
    const id = await added(user, { start_time: ago(100), end_time: ago(40) });
    const res = await env.call(user, 'PATCH', `/sessions/${id}`, {
      notes: 'Chapter 4',
      mood_rating: 5,
    });
    expect(res.status).toBe(200);
    await env.stack.bus.idle();
    expect((await ledgerOf(user)).map((l) => l.points)).toEqual([30]);
    expect(adjustmentsOf(user)).toEqual([]);
  });
});
