import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PointsAwardedDetail, SessionEndedDetail } from '../../functions/contracts/events';
import { type OwnStack, startOwnStack } from '../support/own-stack';

/** A stand-in for the platform's gamification API that fails on demand. */
const gamification = {
  server: undefined as Server | undefined,
  failuresLeft: 0,
  requests: [] as { key: string; body: any }[],
};

let env: OwnStack;

beforeAll(async () => {
  gamification.server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => {
      gamification.requests.push({
        key: String(req.headers['idempotency-key']),
        body: JSON.parse(text),
      });
      const fail = gamification.failuresLeft-- > 0;
      res.writeHead(fail ? 500 : 200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => gamification.server?.listen(0, '127.0.0.1', resolve));
  const port = (gamification.server.address() as AddressInfo).port;
  env = await startOwnStack({
    functionEnv: {
      GAMIFICATION_URL: `http://127.0.0.1:${port}`,
      // The refused-event tests read the EMF lines the functions print.
      POWERTOOLS_METRICS_DISABLED: 'false',
    },
  });
});

afterAll(async () => {
  await env?.close();
  gamification.server?.close();
});

const newUser = () => `events-${randomUUID()}`;

/** Starts a session that began `minutes` ago, so that it earns points when it ends. */
async function sessionOf(user: string, minutes: number, activity?: unknown) {
  const { body } = await env.call(user, 'POST', '/sessions/start', { class_id: 9 });
  await env.sql(
    `UPDATE study_sessions SET start_time = now() - interval '${minutes} minutes' WHERE id = ${body.session_id}`,
  );
  if (activity) await env.call(user, 'POST', `/sessions/${body.session_id}/activities`, activity);
  return body.session_id as number;
}

const ledgerFor = (sessionId: number) =>
  env.rows(`SELECT user_id, points, reason FROM points_ledger WHERE reference_id = '${sessionId}'`);

const deliveredOf = (detailType: string, sessionId: number) =>
  env.stack.bus
    .published()
    .filter(
      (e) =>
        e['detail-type'] === detailType &&
        String((e.detail as any).session_id ?? (e.detail as any).reference_id) ===
          String(sessionId),
    );

describe('ending a session awards points through EventBridge', () => {
  it('writes the award to the ledger and announces it, agreeing with the end answer', async () => {
    const user = newUser();
    const id = await sessionOf(user, 30, {
      activity_type: 'testing',
      items_completed: 10,
      items_correct: 9,
    });
    const ended = await env.call(user, 'PUT', `/sessions/${id}/end`, {});
    expect(ended.status).toBe(200);
    expect(ended.body.duration_minutes).toBe(30);
    // 30 minutes → 15 points, 9 correct answers → 9 points.
    expect(ended.body.points_earned).toBe(24);
    await env.stack.bus.idle();

    expect(await ledgerFor(id)).toEqual([{ user_id: user, points: 24, reason: 'study_session' }]);
    const [sessionEnded] = deliveredOf('Study Session Ended', id);
    expect(SessionEndedDetail.parse(sessionEnded?.detail)).toMatchObject({
      user_id: user,
      session_id: id,
      duration_minutes: 30,
      activity_points: 9,
      auto_closed: false,
    });
    const awarded = deliveredOf('Study Points Awarded', id);
    expect(awarded).toHaveLength(1);
    expect(PointsAwardedDetail.parse(awarded[0]?.detail)).toMatchObject({
      user_id: user,
      points: 24,
      reference_type: 'study_session',
      reference_id: String(id),
    });

    const points = await env.call(user, 'GET', '/points');
    expect(points.body).toMatchObject({ total_points: 24, award_count: 1 });
    expect(points.body.awards[0]).toMatchObject({ points: 24, reference_id: String(id) });
    const sent = await env.rows(
      `SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL AND detail->>'user_id' = '${user}'`,
    );
    expect(sent).toEqual([{ n: 0 }]);
  });

  it('still ends the session when the bus refuses the event; the failure wakes the relay, which publishes it', async () => {
    const user = newUser();
    const id = await sessionOf(user, 20);
    // The SDK itself retries a 500 twice, so all three attempts must fail.
    env.stack.bus.failNextPutEvents(3, 'request');
    env.stack.emulator.resetStats();
    const ended = await env.call(user, 'PUT', `/sessions/${id}/end`, {});
    expect(ended.status).toBe(200);
    // No schedule runs here: the failed publication asked for its own retry (the relay's
    // wake-up queue), and the relay published it.
    await env.stack.bus.idle();
    expect(deliveredOf('Study Session Ended', id)).toHaveLength(1);
    expect(await ledgerFor(id)).toEqual([{ user_id: user, points: 10, reason: 'study_session' }]);
    const [row] = await env.rows<{ attempts: number; sent: boolean }>(
      `SELECT attempts, sent_at IS NOT NULL AS sent FROM outbox
       WHERE detail_type = 'Study Session Ended' AND (detail->>'session_id')::bigint = ${id}`,
    );
    // The failure was recorded (one attempt), then the relay's publication (a second).
    expect(row).toEqual({ attempts: 2, sent: true });
    expect(env.stack.queues.messages('outbox-retry')).toEqual([]);
  });

  it('keeps retrying through wake-ups while the bus keeps failing, and loses nothing', async () => {
    const user = newUser();
    const id = await sessionOf(user, 20);
    // The end's publish and the relay's first two rounds all fail (three SDK attempts each).
    env.stack.bus.failNextPutEvents(9, 'request');
    await env.call(user, 'PUT', `/sessions/${id}/end`, {});
    await env.stack.bus.idle();
    expect(deliveredOf('Study Session Ended', id)).toHaveLength(1);
    const [row] = await env.rows<{ attempts: number }>(
      `SELECT attempts FROM outbox WHERE sent_at IS NOT NULL
       AND detail_type = 'Study Session Ended' AND (detail->>'session_id')::bigint = ${id}`,
    );
    expect(row?.attempts).toBe(4);
    expect(await ledgerFor(id)).toHaveLength(1);
  });

  it('publishes an event whose writer stopped before publishing (a crash after commit)', async () => {
    const user = newUser();
    // What a crash between commit and publish leaves behind: an unsent outbox row.
    const eventId = randomUUID();
    const id = await sessionOf(user, 10);
    await env.sql(`
      WITH ended AS (
        UPDATE study_sessions s SET end_time = now(), status = 'completed',
               duration_seconds = session_studied_seconds(s)
        WHERE id = ${id} RETURNING s.*)
      INSERT INTO outbox (id, detail_type, detail, next_attempt_at)
      SELECT '${eventId}', 'Study Session Ended', session_ended_detail(ROW(ended.*)::study_sessions, '${eventId}'), now()
      FROM ended`);
    await env.runSchedule('outbox-relay');
    await env.stack.bus.idle();
    expect(deliveredOf('Study Session Ended', id)).toHaveLength(1);
    expect(await ledgerFor(id)).toHaveLength(1);
  });

  it('partial PutEvents failures are retried entry by entry', async () => {
    const user = newUser();
    const id = await sessionOf(user, 12);
    env.stack.bus.failNextPutEvents(1, 'entries');
    await env.call(user, 'PUT', `/sessions/${id}/end`, {});
    await env.runSchedule('outbox-relay');
    await env.stack.bus.idle();
    expect(deliveredOf('Study Session Ended', id)).toHaveLength(1);
    expect(await ledgerFor(id)).toHaveLength(1);
  });

  it('awards once when every event is delivered twice', async () => {
    const user = newUser();
    const id = await sessionOf(user, 40);
    env.stack.bus.setDeliverTwice(true);
    try {
      await env.call(user, 'PUT', `/sessions/${id}/end`, {});
      await env.stack.bus.idle();
    } finally {
      env.stack.bus.setDeliverTwice(false);
    }
    expect(await ledgerFor(id)).toEqual([{ user_id: user, points: 20, reason: 'study_session' }]);
    const daily = await env.rows(`SELECT total FROM points_daily WHERE user_id = '${user}'`);
    expect(daily).toEqual([{ total: 20 }]);
  });

  it('retries when the gamification API fails, and it still counts one award', async () => {
    const user = newUser();
    const id = await sessionOf(user, 16);
    gamification.failuresLeft = 1;
    await env.call(user, 'PUT', `/sessions/${id}/end`, {});
    await env.stack.bus.idle();
    const calls = gamification.requests.filter((r) => r.body.reference_id === String(id));
    expect(calls.length).toBe(2);
    expect(new Set(calls.map((c) => c.key))).toEqual(new Set([`study_session-${id}`]));
    expect(calls.every((c) => c.body.points === 8)).toBe(true);
    expect(await ledgerFor(id)).toHaveLength(1);
    expect(env.stack.bus.deadLetters()).toEqual([]);
  });

  it('loses and doubles nothing when 50 students end sessions at once', async () => {
    const users = Array.from({ length: 50 }, newUser);
    // Setting up is not what is tested: one session after another.
    const ids: number[] = [];
    for (const user of users) ids.push(await sessionOf(user, 10));
    /**
     * Ends a session as a client does: on a loaded machine a request can pass the function's
     * timeout (a 5xx, as on AWS) after its statement committed; the client retries, and the
     * retry finds the session ended (409). Either way the session ends exactly once.
     */
    const end = async (user: string, id: number) => {
      for (let attempt = 1; ; attempt++) {
        const answer = await env.call(user, 'PUT', `/sessions/${id}/end`, {});
        if (answer.status < 500 || attempt === 5) return { ...answer, retried: attempt > 1 };
      }
    };
    const answers = await Promise.all(users.map((u, i) => end(u, ids[i] as number)));
    for (const answer of answers) {
      expect(answer.retried ? [200, 409] : [200]).toContain(answer.status);
    }
    await env.runSchedule('outbox-relay');
    await env.stack.bus.idle();
    const ledger = await env.rows<{ reference_id: string; points: number }>(
      `SELECT reference_id, points FROM points_ledger WHERE reference_id IN (${ids.map((i) => `'${i}'`).join(',')})`,
    );
    expect(ledger).toHaveLength(50);
    expect(ledger.every((row) => row.points === 5)).toBe(true);
  });
});

describe('the daily cap', () => {
  it('holds across sessions of one day', async () => {
    const user = newUser();
    // Three four-hour sessions: 120 points each before the cap of 300.
    const totals: number[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await sessionOf(user, 240);
      const ended = await env.call(user, 'PUT', `/sessions/${id}/end`, {});
      totals.push(ended.body.points_earned);
      await env.stack.bus.idle();
    }
    expect(totals).toEqual([120, 120, 60]);
    const points = await env.call(user, 'GET', '/points');
    expect(points.body.total_points).toBe(300);
  });
});

describe('forgotten timers', () => {
  /** A session open for 13 hours (past the 12-hour cap) with a pause and activities at offsets. */
  async function forgotten(user: string, activityAfterMinutes: number[]) {
    const id = await sessionOf(user, 13 * 60);
    await env.sql(`
      INSERT INTO session_pauses (session_id, paused_at, resumed_at)
      SELECT id, start_time + interval '60 minutes', start_time + interval '70 minutes'
      FROM study_sessions WHERE id = ${id}`);
    for (const minutes of activityAfterMinutes) {
      await env.sql(`
        INSERT INTO session_activities (session_id, user_id, activity_type, items_completed,
          items_correct, points_earned, created_at)
        SELECT id, user_id, 'testing', 10, 8, 8, start_time + interval '${minutes} minutes'
        FROM study_sessions WHERE id = ${id}`);
    }
    return id;
  }

  const minutesOpen = (s: { start_time: string; end_time: string }) =>
    (Date.parse(s.end_time) - Date.parse(s.start_time)) / 60_000;

  it('end at the last sign of life plus 30 minutes, and points and goals count only that', async () => {
    const user = newUser();
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const goal = await env.call(user, 'POST', '/goals', {
      goal_type: 'study_time',
      goal_name: '10 hours',
      target_value: 600,
      start_date: twoDaysAgo,
      target_date: '2030-12-31',
    });
    // Activity two hours in, then nothing: ended 2 h 30 min in, less the 10-minute pause.
    const id = await forgotten(user, [30, 120]);
    const run = await env.runSchedule('session-closer');
    expect((run as { closed: number }).closed).toBeGreaterThanOrEqual(1);
    await env.stack.bus.idle();
    const session = (await env.call(user, 'GET', `/sessions/${id}`)).body;
    expect(session).toMatchObject({
      status: 'completed',
      auto_closed: true,
      duration_minutes: 140,
    });
    expect(minutesOpen(session)).toBe(150);
    expect(session.pauses).toEqual([
      { paused_at: expect.any(String), resumed_at: expect.any(String) },
    ]);
    const [event] = deliveredOf('Study Session Ended', id);
    expect(event?.detail).toMatchObject({ auto_closed: true, duration_minutes: 140 });
    // 140 minutes → 70 points, and 8 + 8 for the activities.
    expect(await ledgerFor(id)).toEqual([
      { user_id: user, points: 86, reason: 'study_session_auto_closed' },
    ]);
    const progress = (await env.call(user, 'GET', `/goals/${goal.body.goal_id}`)).body;
    expect(progress).toMatchObject({ current_value: 140, percentage_complete: 23.3 });
    // A second run finds nothing more to close for this user.
    await env.runSchedule('session-closer');
    expect(deliveredOf('Study Session Ended', id)).toHaveLength(1);
  });

  it('without any sign of life after the start, only the grace counts', async () => {
    const user = newUser();
    const id = await sessionOf(user, 13 * 60);
    await env.runSchedule('session-closer');
    const session = (await env.call(user, 'GET', `/sessions/${id}`)).body;
    expect(session).toMatchObject({ auto_closed: true, duration_minutes: 30 });
    expect(minutesOpen(session)).toBe(30);
  });

  it('never past the cap, however late the last activity', async () => {
    const user = newUser();
    const id = await forgotten(user, [11 * 60 + 50]);
    await env.runSchedule('session-closer');
    await env.stack.bus.idle();
    const session = (await env.call(user, 'GET', `/sessions/${id}`)).body;
    expect(session).toMatchObject({ auto_closed: true, duration_minutes: 12 * 60 - 10 });
    expect(minutesOpen(session)).toBe(12 * 60);
    // At most four hours of one session are credited: 120 points, and 8 for the activity.
    expect(await ledgerFor(id)).toEqual([
      { user_id: user, points: 128, reason: 'study_session_auto_closed' },
    ]);
  });
});

describe('housekeeping', () => {
  it('deletes old idempotency keys and old sent events, never unsent ones', async () => {
    const user = newUser();
    await env.sql(`
      INSERT INTO idempotency_keys (user_id, operation, key, request_hash, status_code, response, created_at)
      VALUES ('${user}', 'start-session', 'old', 'h', 201, '{}', now() - interval '2 days'),
             ('${user}', 'start-session', 'new', 'h', 201, '{}', now())`);
    const [sentOld, sentNew, unsentOld] = [randomUUID(), randomUUID(), randomUUID()];
    await env.sql(`
      INSERT INTO outbox (id, detail_type, detail, created_at, sent_at, next_attempt_at) VALUES
        ('${sentOld}', 'X', '{}', now() - interval '9 days', now() - interval '8 days', now() + interval '1 day'),
        ('${sentNew}', 'X', '{}', now() - interval '1 day', now() - interval '1 day', now() + interval '1 day'),
        ('${unsentOld}', 'X', '{}', now() - interval '30 days', NULL, now() + interval '1 day')`);
    const result = (await env.runSchedule('housekeeping')) as {
      idempotency_keys: number;
      sent_events: number;
    };
    expect(result.idempotency_keys).toBeGreaterThanOrEqual(1);
    expect(result.sent_events).toBeGreaterThanOrEqual(1);
    const keys = await env.rows(`SELECT key FROM idempotency_keys WHERE user_id = '${user}'`);
    expect(keys).toEqual([{ key: 'new' }]);
    const left = await env.rows<{ id: string }>(
      `SELECT id::text FROM outbox WHERE id IN ('${sentOld}', '${sentNew}', '${unsentOld}') ORDER BY created_at`,
    );
    expect(left.map((r) => r.id)).toEqual([unsentOld, sentNew]);
    // Leave no due event behind for the other tests' relay runs.
    await env.sql(`DELETE FROM outbox WHERE id = '${unsentOld}'`);
  });
});

// Anyone allowed to put events on the bus could send `Study Session Ended`; the targets act only
// on what the database says about the session it names.
describe('events carry facts the database checks', () => {
  let bus: EventBridgeClient;
  beforeAll(() => {
    bus = new EventBridgeClient({
      endpoint: env.stack.bus.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(() => bus?.destroy());

  /** A `Study Session Ended` as a forger would write it, put through the real SDK. */
  async function forge(
    user: string,
    sessionId: number,
    endTime: string,
    source = 'study-analytics',
  ) {
    const out = await bus.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: env.stack.bus.name,
            Source: source,
            DetailType: 'Study Session Ended',
            Detail: JSON.stringify({
              version: 1,
              event_id: randomUUID(),
              user_id: user,
              session_id: sessionId,
              class_id: null,
              session_type: 'solo',
              focus_mode: true,
              start_time: new Date(Date.parse(endTime) - 8 * 3_600_000).toISOString(),
              end_time: endTime,
              duration_minutes: 480,
              activity_points: 50,
              auto_closed: false,
            }),
          },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
  }

  /** Embedded-metric-format lines the functions wrote while `work` ran, by metric name. */
  async function metricsDuring(work: () => Promise<void>): Promise<Record<string, number>> {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest: any[]) => {
      lines.push(String(chunk));
      return write(chunk, ...rest);
    });
    try {
      await work();
      await env.stack.bus.idle();
    } finally {
      spy.mockRestore();
    }
    const counts: Record<string, number> = {};
    for (const line of lines.join('').split('\n')) {
      if (!line.includes('"_aws"')) continue;
      const emf = JSON.parse(line) as {
        _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] };
      };
      for (const { Name } of emf._aws.CloudWatchMetrics.flatMap((m) => m.Metrics)) {
        counts[Name] = (counts[Name] ?? 0) + (Number((emf as any)[Name]) || 0);
      }
    }
    return counts;
  }

  const pointsOf = async (user: string) => (await env.call(user, 'GET', '/points')).body;

  it('awards nothing for a forged event of a student with no sessions, and counts it', async () => {
    const user = newUser();
    const days = ['2026-11-20', '2026-11-21', '2026-11-22'];
    const metrics = await metricsDuring(async () => {
      for (const [i, day] of days.entries())
        await forge(user, 9_000_000 + i, `${day}T12:00:00.000Z`);
    });
    expect(await pointsOf(user)).toMatchObject({ total_points: 0, award_count: 0 });
    expect(await env.rows(`SELECT * FROM points_daily WHERE user_id = '${user}'`)).toEqual([]);
    // Both targets of the event (points and goals) refuse each of the three.
    expect(metrics.EventsRejected).toBe(6);
    expect(env.stack.bus.deadLetters()).toEqual([]);
  });

  it('awards nothing for a replay naming another student’s session or an open one', async () => {
    const owner = newUser();
    const id = await sessionOf(owner, 40);
    await env.call(owner, 'PUT', `/sessions/${id}/end`, {});
    await env.stack.bus.idle();
    const thief = newUser();
    const open = await sessionOf(thief, 60);
    const metrics = await metricsDuring(async () => {
      await forge(thief, id, new Date().toISOString());
      await forge(thief, open, new Date().toISOString());
    });
    expect(await pointsOf(thief)).toMatchObject({ total_points: 0, award_count: 0 });
    expect(await ledgerFor(id)).toEqual([{ user_id: owner, points: 20, reason: 'study_session' }]);
    expect(await ledgerFor(open)).toEqual([]);
    expect(metrics.EventsRejected).toBe(4);
  });

  it('computes an award from the stored session, whatever figures and day the event claims', async () => {
    const user = newUser();
    // Ended sessions that no event announced yet (an import): 60 studied minutes each, today.
    const end = new Date(Date.now() - 60_000);
    const start = new Date(end.getTime() - 60 * 60_000);
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(await env.pastSession(user, start.toISOString(), end.toISOString()));
    }
    // Each forged event claims 480 minutes, 50 activity points and a different past day.
    for (const [i, id] of ids.entries()) {
      await forge(user, id, `2026-0${i + 1}-15T12:00:00.000Z`);
    }
    await env.stack.bus.idle();
    const ledger = await env.rows<{ points: number; award_day: string }>(
      `SELECT points, to_char(award_day, 'YYYY-MM-DD') AS award_day FROM points_ledger WHERE user_id = '${user}' ORDER BY id`,
    );
    // 30 points per hour, on the day the sessions really ended; the cap of 300 still holds.
    const today = end.toISOString().slice(0, 10);
    expect(ledger).toEqual(ids.map(() => ({ points: 30, award_day: today })));
    expect((await pointsOf(user)).total_points).toBe(180);
    for (let i = 0; i < 6; i++) {
      const id = await env.pastSession(user, start.toISOString(), end.toISOString());
      await forge(user, id, end.toISOString());
    }
    await env.stack.bus.idle();
    expect((await pointsOf(user)).total_points).toBe(300);
  });

  it('acts on no event from another source or of another type', async () => {
    const user = newUser();
    const end = new Date(Date.now() - 60_000);
    const id = await env.pastSession(
      user,
      new Date(end.getTime() - 60 * 60_000).toISOString(),
      end.toISOString(),
    );
    const handler = (await import('../../functions/events/award-points')).handler as unknown as (
      event: unknown,
      context: unknown,
    ) => Promise<void>;
    const { lambdaContext } = await import('../../local/lambda');
    const metrics = await metricsDuring(() =>
      handler(
        {
          version: '0',
          id: randomUUID(),
          'detail-type': 'Study Session Ended',
          source: 'someone.else',
          account: '000000000000',
          time: end.toISOString(),
          region: 'us-east-1',
          resources: [],
          detail: { version: 1, event_id: randomUUID(), user_id: user, session_id: id },
        },
        lambdaContext('award-points', 10_000),
      ),
    );
    expect(await ledgerFor(id)).toEqual([]);
    expect(metrics.EventsRejected).toBe(1);
  });
});
