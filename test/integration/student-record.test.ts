/**
 * A student's record through the local stack and the real SDK: the export's pages put together
 * are the whole record, its CSV is safe to open, and an erasure leaves no row of the student in
 * any table, tells the other services, and leaves the student as new. Its own stack: it reads
 * every table and the bus.
 */
import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudentDataErasedDetail } from '../../functions/contracts/events';
import { awardSessionPoints } from '../../functions/data/points';
import { PERSONAL_TABLES, RECORD_KINDS } from '../../functions/data/student-record';
import { DataApi } from '../../functions/platform/data-api';
import { LOCAL_ARNS } from '../../local/stack';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;

beforeAll(async () => {
  env = await startOwnStack();
});
afterAll(() => env?.close());

const newUser = () => `record-${randomUUID()}`;
const nextYear = () => new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10);

/**
 * A student with something in every kind of record: preferences, an ended session (with an
 * activity, a pause and its award), an open one, goals with progress and a milestone, email
 * deliveries (one sent, one still pending) and a suppressed address.
 */
async function furnish(user: string) {
  const email = `${user}@example.com`;
  await env.call(user, 'PUT', '/preferences', {
    timezone: 'Europe/Paris',
    email,
    daily_report: true,
  });
  const { body: first } = await env.call(user, 'POST', '/sessions/start', { class_id: 7 });
  await env.call(user, 'POST', `/sessions/${first.session_id}/activities`, {
    activity_type: 'testing',
    items_completed: 10,
    items_correct: 8,
    metadata: { topic: '=HYPERLINK("http://x")' },
  });
  await env.call(user, 'POST', `/sessions/${first.session_id}/pause`);
  await env.call(user, 'POST', `/sessions/${first.session_id}/resume`);
  await env.sql(
    `UPDATE study_sessions SET start_time = now() - interval '40 minutes' WHERE id = ${first.session_id}`,
  );
  const ended = await env.call(user, 'PUT', `/sessions/${first.session_id}/end`, {
    mood_rating: 4,
    notes: '+1, "quoted"\nsecond line',
  });
  expect(ended.status).toBe(200);
  const custom = await env.call(user, 'POST', '/goals', {
    goal_type: 'custom',
    goal_name: 'Pages',
    target_value: 4,
    target_date: nextYear(),
  });
  expect(custom.status).toBe(201);
  // Half the target: a milestone.
  await env.call(user, 'POST', `/goals/${custom.body.goal_id}/progress`, {
    progress_value: 2,
    notes: 'chapter one',
  });
  await env.call(user, 'POST', '/goals', {
    goal_type: 'study_time',
    goal_name: 'Study',
    target_value: 600,
    target_date: nextYear(),
  });
  const { body: open } = await env.call(user, 'POST', '/sessions/start', {});
  await env.sql(`
    INSERT INTO report_deliveries (user_id, kind, period_start, email, status, message_id, sent_at)
    VALUES ('${user}', 'daily', current_date - 2, '${email}', 'sent', 'msg-${user}', now()),
           ('${user}', 'daily', current_date - 1, '${email}', 'pending', NULL, NULL)`);
  await env.sql(`
    INSERT INTO email_suppressions (email, reason, since, message_id, feedback_id)
    VALUES (lower('${email}'), 'complaint', now(), 'msg-${user}', 'feedback-${user}')`);
  await env.stack.bus.idle();
  return { email, ended: first.session_id as number, open: open.session_id as number };
}

/** Every page of the export, and the raw size of each answer. */
async function exportAll(user: string) {
  const pages: any[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const res = await env.fetchRaw(
      user,
      `/me/export${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    sizes.push(Buffer.byteLength(text));
    const page = JSON.parse(text);
    pages.push(page);
    cursor = page.next_cursor;
  } while (cursor && pages.length < 200);
  const kinds = Object.keys(pages[0]).filter((k) => Array.isArray(pages[0][k]));
  const whole: Record<string, any[]> = Object.fromEntries(
    kinds.map((k) => [k, pages.flatMap((p) => p[k])]),
  );
  return { pages, sizes, whole };
}

const ids = async (sql: string) => (await env.rows<{ id: number }>(sql)).map((r) => Number(r.id));

/** Tables with a user_id column, read from the catalogue: tables added later are covered too. */
async function rowsPerTable(user: string) {
  const tables = await env.rows<{ table_name: string }>(`
    SELECT table_name FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = 'public' AND c.column_name = 'user_id' AND t.table_type = 'BASE TABLE'
    ORDER BY table_name`);
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [row] = await env.rows<{ n: number }>(
      `SELECT count(*)::integer AS n FROM ${table_name} WHERE user_id = '${user}'`,
    );
    counts[table_name] = row?.n ?? -1;
  }
  const [outbox] = await env.rows<{ n: number }>(
    `SELECT count(*)::integer AS n FROM outbox
     WHERE detail ->> 'user_id' = '${user}' AND detail_type <> 'Student Data Erased'`,
  );
  counts.outbox = outbox?.n ?? -1;
  return counts;
}

describe('GET /me/export', () => {
  it('says for every table with a user_id column whether it is exported, and as what', async () => {
    const tables = await env.rows<{ table_name: string }>(`
      SELECT table_name FROM information_schema.columns c
      JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND c.column_name = 'user_id' AND t.table_type = 'BASE TABLE'`);
    expect(tables.map((t) => t.table_name).sort()).toEqual(Object.keys(PERSONAL_TABLES).sort());
    for (const kind of Object.values(PERSONAL_TABLES)) {
      if (!kind.startsWith('derived: ')) expect(RECORD_KINDS).toContain(kind);
    }
  });

  it('pages put together are the whole record, each page within the Data API limits', async () => {
    const user = newUser();
    const { ended, email } = await furnish(user);
    // A long history: 300 sessions with the longest notes, an activity each with large metadata.
    await env.sql(`
      WITH made AS (
        INSERT INTO study_sessions (user_id, session_type, status, start_time, end_time,
          duration_seconds, notes)
        SELECT '${user}', 'solo', 'completed', now() - (g || ' days')::interval - interval '2 hours',
               now() - (g || ' days')::interval - interval '1 hour', 3600, repeat('n"\\', 1666)
        FROM generate_series(2, 301) g
        RETURNING id, start_time)
      INSERT INTO session_activities (session_id, user_id, activity_type, metadata, created_at)
      SELECT id, '${user}', 'reading', jsonb_build_object('text', repeat('m', 7900)), start_time
      FROM made`);

    const { pages, sizes, whole } = await exportAll(user);
    expect(pages.length).toBeGreaterThan(3);
    for (const size of sizes) expect(size).toBeLessThan(1024 * 1024);
    expect(pages.at(-1).next_cursor).toBeNull();
    for (const page of pages) {
      expect(page.export_version).toBe(1);
      expect(page.user_id).toBe(user);
    }

    const sorted = (list: number[]) => [...list].sort((a, b) => a - b);
    const exported = (kind: string, key: string) =>
      sorted(whole[kind]?.map((r) => Number(r[key])) ?? []);
    expect(exported('sessions', 'session_id')).toEqual(
      sorted(await ids(`SELECT id FROM study_sessions WHERE user_id = '${user}'`)),
    );
    expect(exported('sessions', 'session_id')).toHaveLength(302);
    expect(exported('activities', 'activity_id')).toEqual(
      sorted(await ids(`SELECT id FROM session_activities WHERE user_id = '${user}'`)),
    );
    expect(exported('pauses', 'pause_id')).toEqual(
      sorted(
        await ids(`SELECT p.id FROM session_pauses p JOIN study_sessions s ON s.id = p.session_id
                   WHERE s.user_id = '${user}'`),
      ),
    );
    expect(exported('goals', 'goal_id')).toHaveLength(2);
    expect(whole.goal_progress).toEqual([
      expect.objectContaining({ value: 2, notes: 'chapter one' }),
    ]);
    expect(whole.goal_milestones?.map((m) => m.percent)).toEqual([25, 50]);
    expect(whole.points).toEqual([
      expect.objectContaining({ reference_type: 'study_session', reference_id: String(ended) }),
    ]);
    expect(whole.email_deliveries?.map((d) => d.status).sort()).toEqual(['pending', 'sent']);
    expect(whole.email_suppressions).toEqual([
      expect.objectContaining({ email: email.toLowerCase(), reason: 'complaint' }),
    ]);
    expect(whole.preferences).toEqual([
      expect.objectContaining({ timezone: 'Europe/Paris', email, daily_report: true }),
    ]);

    // A record reads as the rest of the API shows it.
    const detail = await env.call(user, 'GET', `/sessions/${ended}`);
    // Its history is exported as records of their own (session_history).
    const { activities, pauses, activity_count, pause_count, history, history_count, ...session } =
      detail.body;
    expect(whole.sessions?.find((s) => s.session_id === ended)).toMatchObject(session);
    expect(whole.activities?.find((a) => a.session_id === ended)).toEqual(activities[0]);
    expect(whole.pauses?.find((p) => p.session_id === ended)).toMatchObject(pauses[0]);
  });

  it('is empty for a new student, and refuses a cursor it did not make', async () => {
    const user = newUser();
    const res = await env.call(user, 'GET', '/me/export');
    expect(res.status).toBe(200);
    expect(res.body.sessions).toEqual([]);
    expect(res.body.preferences).toEqual([]);
    expect(res.body.next_cursor).toBeNull();
    const bad = await env.call(user, 'GET', '/me/export?cursor=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('query.cursor');
  });

  it('gives the sessions and activities as CSV, escaped and safe to open in a spreadsheet', async () => {
    const user = newUser();
    const { ended, open } = await furnish(user);
    const res = await env.fetchRaw(user, '/me/export?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const text = await res.text();
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'record_type,session_id,class_id,session_type,focus_mode,location,status,start_time,' +
        'end_time,duration_minutes,mood_rating,productivity_rating,notes,auto_closed,activity_id,' +
        'activity_type,content_type,content_id,items_completed,items_correct,accuracy_percentage,' +
        'activity_duration_minutes,points_earned,metadata,logged_at',
    );
    expect(text.endsWith('\r\n')).toBe(true);
    // The note starts with + (a formula), holds a comma, quotes and a line break.
    expect(text).toContain(`session,${ended},7,solo,false,,completed,`);
    expect(text).toContain(`,4,,"'+1, ""quoted""\nsecond line",false,`);
    // Metadata is JSON in one quoted cell.
    expect(text).toContain(`"{""topic"":""=HYPERLINK(\\""http://x\\"")""}"`);
    expect(text).toMatch(new RegExp(`\\r\\nactivity,${ended},{13}\\d+,testing,,,10,8,80,`));
    expect(text).toContain(`\r\nsession,${open},,solo,false,,active,`);
    expect(res.headers.get('x-next-cursor')).toBeNull();
  });

  it('pages the CSV with a cursor in the Link header', async () => {
    const user = newUser();
    await env.sql(`
      INSERT INTO study_sessions (user_id, session_type, status, start_time, end_time,
        duration_seconds, notes)
      SELECT '${user}', 'solo', 'completed', now() - (g || ' days')::interval,
             now() - (g || ' days')::interval + interval '1 hour', 3600, repeat('x', 5000)
      FROM generate_series(1, 120) g`);
    const seen: number[] = [];
    let next: string | null = '';
    let pages = 0;
    while (next !== null && pages < 20) {
      const res = await env.fetchRaw(
        user,
        `/me/export?format=csv${next ? `&cursor=${encodeURIComponent(next)}` : ''}`,
      );
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
      for (const m of text.matchAll(/\r\nsession,(\d+),/g)) seen.push(Number(m[1]));
      next = res.headers.get('x-next-cursor');
      if (next) expect(res.headers.get('link')).toContain(`cursor=${next}`);
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    // A cursor of the JSON pages is not one of the CSV's.
    const jsonCursor = Buffer.from('r1|2|5|', 'utf8').toString('base64url');
    const bad = await env.fetchRaw(user, `/me/export?format=csv&cursor=${jsonCursor}`);
    expect(bad.status).toBe(400);
  });
});

describe('DELETE /me', () => {
  it('refuses without the confirmation, naming the field, and changes nothing', async () => {
    const user = newUser();
    await furnish(user);
    const before = await rowsPerTable(user);
    for (const body of [undefined, {}, { confirm: 'delete' }, { confirm: 'DELETE', extra: 1 }]) {
      const res = await env.call(user, 'DELETE', '/me', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(
        body && 'extra' in body ? 'body.extra' : 'body.confirm',
      );
    }
    expect(await rowsPerTable(user)).toEqual(before);
  });

  it('erases every row of the student, tells the other services, and leaves them new', async () => {
    const user = newUser();
    const other = newUser();
    const { email, ended } = await furnish(user);
    // Ended, so that nothing of theirs changes with the clock while this test runs.
    const { open: othersOpen } = await furnish(other);
    await env.call(other, 'PUT', `/sessions/${othersOpen}/end`, {});
    await env.stack.bus.idle();
    const otherBefore = await rowsPerTable(other);
    const otherExport = (await exportAll(other)).whole;
    const sessionEnded = env.stack.bus
      .published()
      .find((e) => e['detail-type'] === 'Study Session Ended' && e.detail.session_id === ended);
    expect(sessionEnded).toBeDefined();
    const before = await rowsPerTable(user);
    expect(before.study_sessions).toBe(2);
    expect(before.points_ledger).toBe(1);
    expect(before.report_deliveries).toBe(2);

    const res = await env.call(user, 'DELETE', '/me', { confirm: 'DELETE' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'erased', cancelled_emails: 1 });
    await env.stack.bus.idle();

    const after = await rowsPerTable(user);
    expect(Object.keys(after).length).toBeGreaterThanOrEqual(10);
    expect(after).toEqual(Object.fromEntries(Object.keys(after).map((t) => [t, 0])));
    // Rows that hang off the student's sessions and goals went with them.
    const [orphans] = await env.rows<{ n: number }>(`
      SELECT (SELECT count(*) FROM session_pauses p
              WHERE NOT EXISTS (SELECT 1 FROM study_sessions s WHERE s.id = p.session_id))
           + (SELECT count(*) FROM goal_progress e
              WHERE NOT EXISTS (SELECT 1 FROM study_goals g WHERE g.id = e.goal_id))::integer AS n`);
    expect(Number(orphans?.n)).toBe(0);
    // The address stays suppressed: it complained, whoever gives it next.
    const [suppression] = await env.rows(
      `SELECT reason FROM email_suppressions WHERE email = lower('${email}')`,
    );
    expect(suppression).toEqual({ reason: 'complaint' });

    // The event: published, by the contract, naming the student and nothing else about them.
    const erased = env.stack.bus
      .published()
      .filter((e) => e['detail-type'] === 'Student Data Erased' && e.detail.user_id === user);
    expect(erased).toHaveLength(1);
    const detail = StudentDataErasedDetail.parse(erased[0]?.detail);
    expect(detail.event_id).toBe(res.body.event_id);
    // (The request's correlation id is added on the way out, as to every event.)
    const { correlation_id: _, ...published } = erased[0]?.detail ?? {};
    expect(Object.keys(published).sort()).toEqual(['erased_at', 'event_id', 'user_id', 'version']);
    const [stored] = await env.rows<{ detail: string; sent: boolean }>(
      `SELECT detail::text AS detail, sent_at IS NOT NULL AS sent FROM outbox
       WHERE id = '${detail.event_id}'`,
    );
    expect(stored?.sent).toBe(true);
    expect(Object.keys(JSON.parse(stored?.detail ?? '{}')).sort()).toEqual([
      'erased_at',
      'event_id',
      'user_id',
      'version',
    ]);

    // The other student is untouched.
    expect(await rowsPerTable(other)).toEqual(otherBefore);
    expect((await exportAll(other)).whole).toEqual(otherExport);

    // An event already on its way for an erased session awards nothing.
    const bus = new EventBridgeClient({
      endpoint: env.stack.bus.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      await bus.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: env.stack.bus.name,
              Source: 'study-analytics',
              DetailType: 'Study Session Ended',
              Detail: JSON.stringify({ ...sessionEnded?.detail, event_id: randomUUID() }),
            },
          ],
        }),
      );
    } finally {
      bus.destroy();
    }
    await env.stack.bus.idle();
    expect(await rowsPerTable(user)).toEqual(after);
    // Nor does an award whose facts were read before the erasure: its statement finds no session.
    const client = new RDSDataClient({ endpoint: env.stack.emulator.url });
    try {
      const late = await awardSessionPoints(new DataApi(LOCAL_ARNS, client), {
        userId: user,
        sessionId: ended,
        eventId: null,
        facts: {
          end_time: new Date().toISOString(),
          duration_minutes: 40,
          auto_closed: false,
          activity_points: 0,
        },
        points: 20,
        reason: 'study_session',
        breakdown: {},
        dailyCap: 300,
      });
      expect(late).toEqual({ refusal: 'no_such_session', entry: null, event: null });
    } finally {
      client.destroy();
    }
    expect(await rowsPerTable(user)).toEqual(after);

    // Every endpoint answers as for a new student.
    const fresh = newUser();
    const answers = async (who: string) => {
      const paths = [
        '/sessions',
        '/sessions/active',
        '/points',
        '/goals',
        '/preferences',
        '/classes',
        '/performance/overview',
        '/performance/heatmap',
        '/reports/weekly',
        '/me/export',
      ];
      return Promise.all(
        paths.map(async (path) => {
          const r = await env.call(who, 'GET', path);
          return { path, status: r.status, body: JSON.stringify(r.body).replaceAll(who, 'ME') };
        }),
      );
    };
    expect(await answers(user)).toEqual(await answers(fresh));
    expect((await env.call(user, 'GET', `/sessions/${ended}`)).status).toBe(404);
    const again = await env.call(user, 'POST', '/sessions/start', {});
    expect(again.status).toBe(201);
  });
});
