/**
 * SES feedback end to end through the local stack: a report is sent through the local SES, SES
 * reports a bounce or complaint about it on the default bus (POST /_local/ses/feedback), the
 * record-email-feedback function suppresses the address, and the next report is not sent.
 *
 * Event shape: https://docs.aws.amazon.com/ses/latest/dg/monitoring-eventbridge.html and
 * https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html
 */
import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../local/event-bus/put-events';
import type { StoredEmail } from '../../local/ses';
import { FeedbackRequest, sesFeedbackEvent } from '../../local/ses-feedback';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
beforeAll(async () => {
  env = await startOwnStack();
});
afterAll(() => env?.close());

interface Student {
  user: string;
  email: string;
}

/** A student taking the daily report even for empty days, so each run of the builder mails them. */
async function student(label: string): Promise<Student> {
  const user = `${label}-${randomUUID()}`;
  const email = `${user}@example.edu`;
  const res = await env.call(user, 'PUT', '/preferences', {
    email,
    daily_report: true,
    skip_empty: false,
  });
  expect(res.status).toBe(200);
  return { user, email };
}

/** The daily report of the day before `day` is recorded at 08:00 UTC and sent. */
async function reportOf(day: string) {
  await env.runSchedule('report-builder', { at: `${day}T08:00:00Z` });
  await env.stack.bus.idle();
  await env.runSchedule('report-sender');
}
const inbox = async (s: Student): Promise<StoredEmail[]> =>
  (await env.stack.ses.emails()).filter((e) => e.destination.to.includes(s.email));
const emailStatus = async (s: Student) =>
  (await env.call(s.user, 'GET', '/preferences')).body.email_status;
const deliveries = (s: Student) =>
  env.rows<{ period_start: string; status: string; last_error: string | null }>(
    `SELECT period_start::text, status, last_error FROM report_deliveries
     WHERE user_id = '${s.user}' ORDER BY period_start`,
  );

async function feedback(body: Record<string, unknown>) {
  const res = await fetch(`${env.stack.url}/_local/ses/feedback`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  const answer = { status: res.status, body: (await res.json()) as any };
  await env.stack.bus.idle();
  return answer;
}

/** An event on the default bus that the feedback rule matches, as if SES had put it there. */
async function onDefaultBus(event: EventEnvelope) {
  env.stack.bus.publishServiceEvent(event);
  await env.stack.bus.idle();
}
const feedbackDeadLetters = () =>
  env.stack.bus.deadLetters().filter((d) => d.target === 'record-email-feedback');

describe('a hard bounce', () => {
  it('stops the next report, and GET /preferences says why and since when', async () => {
    const s = await student('bounce');
    await reportOf('2026-11-02');
    expect(await inbox(s)).toHaveLength(1);
    expect(await emailStatus(s)).toEqual({ state: 'active', reason: null, since: null });

    const answer = await feedback({ type: 'bounce', email: s.email });
    expect(answer.status).toBe(202);
    expect(answer.body.event).toMatchObject({
      source: 'aws.ses',
      'detail-type': 'Email Bounced',
      detail: { eventType: 'Bounce', bounce: { bounceType: 'Permanent' } },
    });
    expect(await emailStatus(s)).toEqual({
      state: 'suppressed',
      reason: 'bounce',
      since: answer.body.event.detail.bounce.timestamp,
    });

    await reportOf('2026-11-03');
    expect(await inbox(s)).toHaveLength(1);
    expect(await deliveries(s)).toEqual([
      { period_start: '2026-11-01', status: 'sent', last_error: null },
      { period_start: '2026-11-02', status: 'skipped', last_error: 'suppressed: bounce' },
    ]);
    expect(feedbackDeadLetters()).toEqual([]);
  });

  it('suppresses the address once, however often SES reports it', async () => {
    const s = await student('again');
    await reportOf('2026-11-04');
    const first = await feedback({ type: 'bounce', email: s.email });
    const since = (await emailStatus(s)).since;
    expect(since).toBe(first.body.event.detail.bounce.timestamp);
    await feedback({ type: 'complaint', email: s.email });
    expect(await emailStatus(s)).toEqual({ state: 'suppressed', reason: 'bounce', since });
  });
});

describe('a complaint', () => {
  it('stops the next report as well', async () => {
    const s = await student('complaint');
    await reportOf('2026-11-05');
    expect(await inbox(s)).toHaveLength(1);
    const answer = await feedback({ type: 'complaint', email: s.email.toUpperCase() });
    expect(answer.body.event['detail-type']).toBe('Email Complaint Received');
    expect(await emailStatus(s)).toMatchObject({ state: 'suppressed', reason: 'complaint' });
    await reportOf('2026-11-06');
    expect(await inbox(s)).toHaveLength(1);
    expect((await deliveries(s)).at(-1)).toMatchObject({
      status: 'skipped',
      last_error: 'suppressed: complaint',
    });
  });
});

describe('a soft bounce', () => {
  it.each(['Transient', 'Undetermined'])('(%s) does not stop mail', async (bounceType) => {
    const s = await student(`soft-${bounceType.toLowerCase()}`);
    await reportOf('2026-11-07');
    const answer = await feedback({ type: 'bounce', email: s.email, bounce_type: bounceType });
    expect(answer.body.event.detail.bounce.bounceType).toBe(bounceType);
    expect(await emailStatus(s)).toEqual({ state: 'active', reason: null, since: null });
    await reportOf('2026-11-08');
    expect(await inbox(s)).toHaveLength(2);
  });
});

describe('emails resume', () => {
  it('when the student gives another address', async () => {
    const s = await student('moved');
    await reportOf('2026-11-09');
    await feedback({ type: 'bounce', email: s.email });
    const moved = { ...s, email: `new-${s.email}` };
    const put = await env.call(s.user, 'PUT', '/preferences', { email: moved.email });
    expect(put.body.email_status).toEqual({ state: 'active', reason: null, since: null });
    await reportOf('2026-11-10');
    expect(await inbox(moved)).toHaveLength(1);
    // Giving the suppressed address again does not lift the suppression.
    const back = await env.call(s.user, 'PUT', '/preferences', { email: s.email });
    expect(back.body.email_status).toMatchObject({ state: 'suppressed', reason: 'bounce' });
  });
});

describe('the feedback event', () => {
  it('is checked: a forged or foreign one changes nothing and is not retried', async () => {
    const s = await student('forged');
    await reportOf('2026-11-11');
    const [sent] = await inbox(s);
    if (!sent) throw new Error('no report was sent');
    const request = FeedbackRequest.parse({ type: 'bounce', email: s.email });
    const valid = () => sesFeedbackEvent(sent, request, 'study-analytics-local');
    const detail = (e: EventEnvelope) => e.detail as any;

    const forgeries: [string, (e: EventEnvelope) => void][] = [
      ['a message this service never sent', (e) => (detail(e).mail.messageId = randomUUID())],
      [
        'another configuration set',
        (e) => (detail(e).mail.tags['ses:configuration-set'] = ['someone-else']),
      ],
      [
        'a recipient the message was not sent to',
        (e) => {
          detail(e).mail.destination = ['other@example.edu'];
        },
      ],
      ['no recipients', (e) => (detail(e).bounce.bouncedRecipients = [])],
      ['an event type that does not match', (e) => (detail(e).eventType = 'Delivery')],
      ['no mail object', (e) => delete detail(e).mail],
      ['a detail that is not an object', (e) => (e.detail = 'bounce' as never)],
    ];
    for (const [, forge] of forgeries) {
      const event = valid();
      forge(event);
      await onDefaultBus(event);
    }
    expect(await emailStatus(s)).toEqual({ state: 'active', reason: null, since: null });
    expect(feedbackDeadLetters()).toEqual([]);

    // Nobody but SES puts SES events on the default bus: PutEvents reaches the service's bus,
    // whose rules do not include the feedback rule.
    const client = new EventBridgeClient({ endpoint: env.stack.bus.url });
    const valid2 = valid();
    await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: env.stack.bus.name,
            Source: 'aws.ses',
            DetailType: 'Email Bounced',
            Detail: JSON.stringify(valid2.detail),
          },
        ],
      }),
    );
    client.destroy();
    await env.stack.bus.idle();
    expect(await emailStatus(s)).toEqual({ state: 'active', reason: null, since: null });

    // The same event, as SES puts it on the default bus, is recorded.
    await onDefaultBus(valid());
    expect(await emailStatus(s)).toMatchObject({ state: 'suppressed', reason: 'bounce' });
  });

  it('is injected locally only for a message the local SES sent', async () => {
    const none = await feedback({ type: 'bounce', email: 'nobody@example.edu' });
    expect(none.status).toBe(404);
    const bad = await feedback({ type: 'spam', email: 'nobody@example.edu' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('type');
  });
});
