/**
 * Emailed reports end to end: preferences → report builder (with a named clock) → deliveries →
 * sender → the local SES inbox → unsubscribe. Each student has a unique address, so the shared
 * inbox is read per recipient.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEmail } from '../../local/ses';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
beforeAll(async () => {
  // The tests step the sender's retries themselves: its wake-ups wait for `wakeUp()`.
  env = await startOwnStack({ functionEnv: { REPORT_MAX_ATTEMPTS: '3' }, wakeUps: 'manual' });
});
afterAll(() => env?.close());

interface Student {
  user: string;
  email: string;
}

async function student(label: string, preferences: Record<string, unknown>): Promise<Student> {
  const user = `${label}-${randomUUID()}`;
  const email = `${user}@example.edu`;
  const res = await env.call(user, 'PUT', '/preferences', { email, ...preferences });
  expect(res.status).toBe(200);
  return { user, email };
}

/** Runs the builder at `at`; the sender it starts through the bus has finished on return. */
const build = async (at: string) => {
  const result = await env.runSchedule('report-builder', { at });
  await env.stack.bus.idle();
  return result as any;
};
const send = () => env.runSchedule('report-sender') as Promise<any>;
/** Runs the sender as its wake-up queue would once the delay it asked for has passed. */
const wakeUp = () => env.stack.wakeUps.deliverNow('report-sender-wake-ups');
const inbox = async (s: Student): Promise<StoredEmail[]> =>
  (await env.stack.ses.emails()).filter((e) => e.destination.to.includes(s.email));
const deliveries = (s: Student) =>
  env.rows<{
    kind: string;
    period_start: string;
    status: string;
    attempts: number;
    last_error: string | null;
  }>(
    `SELECT kind, period_start::text, status, attempts, last_error FROM report_deliveries
     WHERE user_id = '${s.user}' ORDER BY kind, period_start`,
  );
const header = (email: StoredEmail, name: string) =>
  email.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;

describe('daily and weekly report emails', () => {
  it('arrive at 7 a.m. local time in UTC−10, UTC+13 and across a DST change', async () => {
    const honolulu = await student('hnl', { timezone: 'Pacific/Honolulu', daily_report: true });
    const auckland = await student('akl', { timezone: 'Pacific/Auckland', daily_report: true });
    const newYork = await student('nyc', {
      timezone: 'America/New_York',
      daily_report: true,
      weekly_report: true,
    });
    await env.pastSession(honolulu.user, '2026-11-09T20:00:00Z', '2026-11-09T21:00:00Z'); // 10:00 HST, 9 Nov
    await env.pastSession(auckland.user, '2026-11-09T01:00:00Z', '2026-11-09T01:30:00Z'); // 14:00 NZDT, 9 Nov
    await env.pastSession(newYork.user, '2026-10-31T14:00:00Z', '2026-10-31T14:45:00Z'); // 10:00 EDT, 31 Oct

    // New York leaves daylight time at 02:00 on Sunday 1 November: 07:00 is 12:00 UTC, not 11:00.
    await build('2026-11-01T11:30:00Z');
    expect(await deliveries(newYork)).toEqual([]);
    await build('2026-11-01T12:00:00Z');
    expect(await deliveries(newYork)).toEqual([
      expect.objectContaining({ kind: 'daily', period_start: '2026-10-31' }),
    ]);
    // Monday 2 November 07:00 EST: the weekly report of the DST week, and Sunday's daily (empty:
    // skipped).
    await build('2026-11-02T12:00:00Z');
    expect(await deliveries(newYork)).toEqual([
      expect.objectContaining({ kind: 'daily', period_start: '2026-10-31', status: 'sent' }),
      expect.objectContaining({ kind: 'daily', period_start: '2026-11-01', status: 'skipped' }),
      expect.objectContaining({ kind: 'weekly', period_start: '2026-10-26', status: 'sent' }),
    ]);

    // 07:00 on 10 November in Auckland is 18:00 UTC on the 9th.
    const ninth = expect.objectContaining({ kind: 'daily', period_start: '2026-11-09' });
    await build('2026-11-09T17:59:00Z');
    expect(await deliveries(auckland)).not.toContainEqual(ninth);
    await build('2026-11-09T18:00:00Z');
    expect(await deliveries(auckland)).toContainEqual(ninth);
    // 06:59 and 07:00 on 10 November in Honolulu (UTC−10).
    await build('2026-11-10T16:59:00Z');
    expect(await deliveries(honolulu)).not.toContainEqual(ninth);
    await build('2026-11-10T17:00:00Z');
    expect(await deliveries(honolulu)).toContainEqual(ninth);
    await send();
    const [hnlMail] = await inbox(honolulu);
    expect(hnlMail?.subject).toBe('Your study day: Monday 9 November — 1 h');
    expect(hnlMail?.from).toContain('reports@study-analytics.local');
    const nycMail = await inbox(newYork);
    expect(nycMail.map((m) => m.subject).sort()).toEqual([
      'Your study day: Saturday 31 October — 45 min',
      'Your study week: the week of Monday 26 October — 45 min',
    ]);
    expect((await deliveries(newYork)).filter((d) => d.status === 'sent')).toHaveLength(2);
  });

  it('carry the same figures as the report API, in HTML and plain text', async () => {
    const s = await student('figures', { timezone: 'Europe/Berlin', daily_report: true });
    const id = await env.pastSession(s.user, '2026-11-03T08:00:00Z', '2026-11-03T09:15:00Z', 101);
    await env.pastSession(s.user, '2026-11-03T15:00:00Z', '2026-11-03T15:20:00Z');
    await env.pastActivity(s.user, id, '2026-11-03T08:30:00Z', 'testing', 20, 17);
    await env.sql(`INSERT INTO points_ledger (user_id, reference_type, reference_id, points, reason,
                     breakdown, award_day)
                   VALUES ('${s.user}', 'study_session', '${id}', 54, 'Study session', '{}', '2026-11-03')`);
    await build('2026-11-04T06:00:00Z'); // 07:00 in Berlin
    await send();
    const [mail] = await inbox(s);
    const api = (await env.call(s.user, 'GET', '/reports/daily?date=2026-11-03')).body;
    expect(api.summary).toMatchObject({ minutes: 95, sessions: 2, points: 54, tests_taken: 1 });
    const text = mail?.body.text ?? '';
    expect(text).toContain('Study time: 1 h 35 min');
    expect(text).toContain(`Sessions: ${api.summary.sessions}`);
    expect(text).toContain(`Points: ${api.summary.points}`);
    expect(text).toContain(`Tests: 1, ${api.summary.average_test_score}% on average`);
    expect(text).toContain('Times in Europe/Berlin');
    const html = mail?.body.html ?? '';
    expect(html).toContain('Minutes per day');
    expect(html).toContain('1 h 35 min');
    expect(html).not.toMatch(/<script|<img|<link/i);

    // The preview is the same rendering, unsubscribe link aside.
    const preview = await env.fetchRaw(s.user, '/reports/daily?date=2026-11-03&format=html');
    expect(preview.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const previewHtml = await preview.text();
    const withoutLinks = (h: string) => h.replace(/href="[^"]*"/g, 'href=""');
    expect(withoutLinks(previewHtml)).toBe(withoutLinks(html));
  });

  it('are recorded once however often the builder runs', async () => {
    const s = await student('twice', { timezone: 'UTC', daily_report: true });
    await env.pastSession(s.user, '2026-11-05T10:00:00Z', '2026-11-05T10:30:00Z');
    await build('2026-11-06T08:00:00Z');
    await build('2026-11-06T08:00:00Z');
    await build('2026-11-06T09:00:00Z');
    await send();
    await send();
    expect(await inbox(s)).toHaveLength(1);
    expect(await deliveries(s)).toEqual([
      expect.objectContaining({ kind: 'daily', status: 'sent', attempts: 1 }),
    ]);
  });

  it('skip empty periods unless the student wants them', async () => {
    const quiet = await student('quiet', { timezone: 'UTC', daily_report: true });
    const keen = await student('keen', { timezone: 'UTC', daily_report: true, skip_empty: false });
    // Through the local admin route, with the clock in the body, as a developer would run it.
    const viaHttp = await fetch(`${env.stack.url}/_local/schedules/report-builder/run`, {
      method: 'POST',
      body: JSON.stringify({ at: '2026-11-07T08:00:00Z' }),
    });
    expect(viaHttp.status).toBe(200);
    const { result } = (await viaHttp.json()) as any;
    expect(result.deliveries.skipped).toBeGreaterThanOrEqual(1);
    expect(result.deliveries.pending).toBeGreaterThanOrEqual(1);
    await env.stack.bus.idle();
    await send();
    expect(await deliveries(quiet)).toEqual([expect.objectContaining({ status: 'skipped' })]);
    expect(await inbox(quiet)).toHaveLength(0);
    const [mail] = await inbox(keen);
    expect(mail?.body.text).toContain('No study recorded this day.');
    // Keep this student's daily emails out of the later tests.
    await env.call(keen.user, 'PUT', '/preferences', { daily_report: false });
  });
});

describe('delivery failures', () => {
  // The sandbox of a new SES account (verified recipients only, one message a second):
  // https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html
  it('in the SES sandbox: an unverified recipient is recorded as refused, a verified one is sent once', async () => {
    const verified = await student('sandbox-ok', { timezone: 'UTC', daily_report: true });
    const unverified = await student('sandbox-no', { timezone: 'UTC', daily_report: true });
    for (const s of [verified, unverified]) {
      await env.pastSession(s.user, '2026-11-12T10:00:00Z', '2026-11-12T10:30:00Z');
    }
    env.stack.ses.setSandbox(true);
    env.stack.ses.verify(verified.email);
    try {
      await build('2026-11-13T08:00:00Z');
      const [refused] = await deliveries(unverified);
      expect(refused).toMatchObject({ status: 'failed', attempts: 1 });
      expect(refused?.last_error).toMatch(/MessageRejected: Email address is not verified/);
      expect(await inbox(unverified)).toEqual([]);
      // The verified one goes out, at once or (if the second's quota was spent) on a retry.
      for (let run = 0; (await deliveries(verified))[0]?.status !== 'sent' && run < 3; run++) {
        expect((await deliveries(verified))[0]?.last_error).toMatch(/TooManyRequests/);
        await env.sql(
          `UPDATE report_deliveries SET next_attempt_at = now() WHERE user_id = '${verified.user}'`,
        );
        await send();
      }
      expect((await deliveries(verified))[0]?.status).toBe('sent');
      expect(await inbox(verified)).toHaveLength(1);
    } finally {
      env.stack.ses.setSandbox(false);
    }
  });

  it('retry with backoff and send once SES recovers, recording the attempts', async () => {
    const s = await student('retry', { timezone: 'UTC', daily_report: true });
    await env.pastSession(s.user, '2026-11-08T10:00:00Z', '2026-11-08T10:30:00Z');
    // The builder starts the sender, whose first attempt fails.
    env.stack.ses.failNextSends(2);
    await build('2026-11-09T08:00:00Z');
    let [row] = await deliveries(s);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row?.last_error).toMatch(/TooManyRequests|rate/i);
    // Not due again until its backoff has passed.
    await send();
    expect((await deliveries(s))[0]).toMatchObject({ attempts: 1 });
    for (const expected of [2, 3]) {
      await env.sql(
        `UPDATE report_deliveries SET next_attempt_at = now() WHERE user_id = '${s.user}'`,
      );
      await send();
      [row] = await deliveries(s);
      expect(row?.attempts).toBe(expected);
    }
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(await inbox(s)).toHaveLength(1);
  });

  it('ask for the sender’s next run when a send fails, instead of a per-minute poll', async () => {
    const s = await student('wake-up', { timezone: 'UTC', daily_report: true });
    await env.pastSession(s.user, '2026-11-05T10:00:00Z', '2026-11-05T10:30:00Z');
    env.stack.ses.failNextSends(1);
    await build('2026-11-06T08:00:00Z');
    expect((await deliveries(s))[0]).toMatchObject({ status: 'failed', attempts: 1 });
    // The sender asked to run again when the backoff ends (a delayed message, SQS's kind).
    expect(env.stack.queues.messages('report-sender-wake-ups').length).toBeGreaterThan(0);
    await env.sql(
      `UPDATE report_deliveries SET next_attempt_at = now() WHERE user_id = '${s.user}'`,
    );
    await wakeUp();
    expect((await deliveries(s))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await inbox(s)).toHaveLength(1);
  });

  it('give up after the attempt limit and keep the record', async () => {
    const s = await student('give-up', { timezone: 'UTC', daily_report: true });
    await env.pastSession(s.user, '2026-11-10T10:00:00Z', '2026-11-10T10:30:00Z');
    env.stack.ses.failNextSends(3);
    await build('2026-11-11T08:00:00Z');
    for (let i = 0; i < 2; i++) {
      await env.sql(
        `UPDATE report_deliveries SET next_attempt_at = now() WHERE user_id = '${s.user}'`,
      );
      await send();
    }
    expect(await deliveries(s)).toEqual([
      expect.objectContaining({ status: 'abandoned', attempts: 3 }),
    ]);
    await env.sql(
      `UPDATE report_deliveries SET next_attempt_at = now() WHERE user_id = '${s.user}'`,
    );
    await send();
    expect(await inbox(s)).toHaveLength(0);
  });
});

describe('unsubscribe', () => {
  it('works from the link and from one-click, without signing in, and stops the next email', async () => {
    const s = await student('unsub', { timezone: 'UTC', daily_report: true, weekly_report: true });
    await env.pastSession(s.user, '2026-11-11T10:00:00Z', '2026-11-11T10:30:00Z');
    await build('2026-11-12T08:00:00Z');
    await send();
    const [mail] = await inbox(s);
    const listUnsubscribe = header(mail as StoredEmail, 'List-Unsubscribe') ?? '';
    expect(header(mail as StoredEmail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const [https, mailto] = listUnsubscribe.split(', ');
    expect(mailto).toMatch(/^<mailto:unsubscribe@study-analytics\.local\?subject=unsubscribe%20/);
    const url = https?.slice(1, -1) ?? '';
    expect(url).toContain('/api/analytics/unsubscribe?token=');
    expect(mail?.body.text).toContain(`Unsubscribe: ${url}`);

    // Opening the link (a person, or a mail scanner) only asks.
    for (let i = 0; i < 2; i++) {
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      const html = await page.text();
      expect(html).toContain('Stop daily study reports?');
      expect(html).toMatch(/<form method="post">/);
      expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
    }
    const unchanged = (await env.call(s.user, 'GET', '/preferences')).body;
    expect(unchanged).toMatchObject({ daily_report: true, weekly_report: true });

    // Its button posts the form back to the same URL.
    const confirmed = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('no longer receive daily study reports');
    const prefs = (await env.call(s.user, 'GET', '/preferences')).body;
    expect(prefs).toMatchObject({ daily_report: false, weekly_report: true });

    await env.pastSession(s.user, '2026-11-12T10:00:00Z', '2026-11-12T10:30:00Z');
    await build('2026-11-13T08:00:00Z');
    await send();
    expect(await inbox(s)).toHaveLength(1);
  });

  it('refuses a forged or mangled token with a 400 naming it', async () => {
    for (const token of ['nope', 'a.b', 'W1siYWxpY2UiLCJkYWlseSJd.forged']) {
      const res = await fetch(`${env.stack.apiUrl}/unsubscribe?token=${token}`, { method: 'POST' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).issues[0].path).toBe('query.token');
    }
    const missing = await fetch(`${env.stack.apiUrl}/unsubscribe`);
    expect(missing.status).toBe(400);
  });
});

describe('mail headers', () => {
  it('never carry a line break from a stored goal name', async () => {
    const s = await student('crlf', { timezone: 'UTC' });
    const created = await env.call(s.user, 'POST', '/goals', {
      goal_type: 'test_score',
      goal_name: 'Chemistry',
      target_value: 90,
      target_date: '2030-12-31',
      reminder_enabled: true,
    });
    expect(created.status).toBe(201);
    // A name stored before names were checked.
    await env.sql(`UPDATE study_goals SET goal_name = E'Chem\\r\\nBcc: all@example.edu\\u2028x'
                   WHERE id = ${created.body.goal_id}`);
    await build('2026-11-14T08:00:00Z');
    await send();
    const [mail] = await inbox(s);
    expect(mail?.subject).toBe('Your goal “Chem Bcc: all@example.edu x” needs attention');
    expect(mail?.destination.to).toEqual([s.email]);
  });
});

describe('goal reminders', () => {
  async function goalBehind(user: string, reminder: boolean) {
    const res = await env.call(user, 'POST', '/goals', {
      goal_type: 'test_score',
      goal_name: 'Chemistry tests at 90%',
      target_value: 90,
      unit: 'percent',
      target_date: '2030-12-31',
      reminder_enabled: reminder,
    });
    expect(res.status).toBe(201);
  }

  it('come as a short email for students without the daily report, and in the daily one otherwise', async () => {
    const reminded = await student('remind', { timezone: 'UTC' });
    await goalBehind(reminded.user, true);
    const daily = await student('remind-daily', { timezone: 'UTC', daily_report: true });
    await goalBehind(daily.user, true);
    await env.pastSession(daily.user, '2026-11-13T10:00:00Z', '2026-11-13T10:30:00Z');
    const silent = await student('no-remind', { timezone: 'UTC' });
    await goalBehind(silent.user, false);

    await build('2026-11-14T08:00:00Z');
    await build('2026-11-14T09:00:00Z');
    await send();
    const [reminder, ...more] = await inbox(reminded);
    expect(more).toHaveLength(0);
    expect(reminder?.subject).toBe('Your goal “Chemistry tests at 90%” needs attention');
    expect(reminder?.body.text).toContain(
      '- Chemistry tests at 90%: 0 of 90 percent (0%), behind schedule',
    );
    const [dailyMail] = await inbox(daily);
    expect(dailyMail?.body.text).toContain('Goals that need attention:');
    expect(await deliveries(daily)).toEqual([expect.objectContaining({ kind: 'daily' })]);
    expect(await inbox(silent)).toHaveLength(0);

    // Stopping reminders from the link turns them off on the goals.
    const url =
      (header(reminder as StoredEmail, 'List-Unsubscribe') ?? '').split(', ')[0]?.slice(1, -1) ??
      '';
    const oneClick = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.json()).toEqual({ unsubscribed: true, kind: 'reminder' });
    const goals = (await env.call(reminded.user, 'GET', '/goals')).body;
    expect(goals.goals ?? goals).toEqual([expect.objectContaining({ reminder_enabled: false })]);
    await build('2026-11-15T08:00:00Z');
    expect((await deliveries(reminded)).map((d) => d.period_start)).toEqual(['2026-11-14']);
  });
});
