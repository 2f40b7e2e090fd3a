/**
 * The local stand-in for SES event publishing: a bounce or complaint about a message the local
 * SES really sent, in the shape SES puts on the default EventBridge bus for a configuration set
 * with an EventBridge destination.
 *
 * Envelope and detail types: https://docs.aws.amazon.com/ses/latest/dg/monitoring-eventbridge.html
 * Detail: https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { ACCOUNT, type EventEnvelope, REGION } from './event-bus/put-events';
import type { StoredEmail } from './ses';

export const FeedbackRequest = z.strictObject({
  type: z.enum(['bounce', 'complaint']),
  /** The recipient that bounced or complained; the latest message sent to it is the one. */
  email: z.string().min(3).max(320),
  /** Permanent is a hard bounce; Transient (mailbox full) and Undetermined are soft. */
  bounce_type: z.enum(['Permanent', 'Transient', 'Undetermined']).default('Permanent'),
  /** A particular message rather than the latest one to `email`. */
  message_id: z.string().min(1).max(256).optional(),
});
export type FeedbackRequest = z.infer<typeof FeedbackRequest>;

const BOUNCE_SUB_TYPES = {
  Permanent: { subType: 'General', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 user unknown' },
  Transient: { subType: 'MailboxFull', status: '4.2.2', diagnostic: 'smtp; 452 4.2.2 over quota' },
  Undetermined: { subType: 'Undetermined', status: '5.0.0', diagnostic: 'smtp; 550 5.0.0' },
} as const;

/** The message the feedback is about: the newest one sent to the address (or the one named). */
export function feedbackTarget(
  sent: readonly StoredEmail[],
  request: FeedbackRequest,
): StoredEmail | undefined {
  const address = request.email.toLowerCase();
  return sent
    .filter((m) => m.destination.to.some((to) => to.toLowerCase() === address))
    .filter((m) => request.message_id === undefined || m.messageId === request.message_id)
    .sort((a, b) => b.at - a.at)[0];
}

const addressOf = (from: string) => /<([^<>]*)>\s*$/.exec(from)?.[1] ?? from;

export function sesFeedbackEvent(
  message: StoredEmail,
  request: FeedbackRequest,
  configurationSet: string,
  now = new Date(),
): EventEnvelope {
  const fromDomain = addressOf(message.from).split('@')[1] ?? 'localhost';
  const mail = {
    timestamp: new Date(message.at).toISOString(),
    source: message.from,
    sourceArn: `arn:aws:ses:${REGION}:${ACCOUNT}:identity/${fromDomain}`,
    sendingAccountId: ACCOUNT,
    messageId: message.messageId,
    destination: message.destination.to,
    headersTruncated: false,
    tags: {
      'ses:configuration-set': [configurationSet],
      'ses:from-domain': [fromDomain],
      'ses:source-ip': ['127.0.0.1'],
    },
  };
  const timestamp = now.toISOString();
  const feedbackId = `${randomUUID()}-000000`;
  const envelope = (detailType: string, detail: Record<string, unknown>): EventEnvelope => ({
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'aws.ses',
    account: ACCOUNT,
    time: `${timestamp.slice(0, 19)}Z`,
    region: REGION,
    resources: [],
    detail,
  });
  if (request.type === 'complaint') {
    return envelope('Email Complaint Received', {
      eventType: 'Complaint',
      mail,
      complaint: {
        complainedRecipients: [{ emailAddress: request.email }],
        timestamp,
        feedbackId,
        userAgent: 'study-analytics-local',
        complaintFeedbackType: 'abuse',
        arrivalDate: timestamp,
      },
    });
  }
  const kind = BOUNCE_SUB_TYPES[request.bounce_type];
  return envelope('Email Bounced', {
    eventType: 'Bounce',
    mail,
    bounce: {
      bounceType: request.bounce_type,
      bounceSubType: kind.subType,
      bouncedRecipients: [
        {
          emailAddress: request.email,
          action: 'failed',
          status: kind.status,
          diagnosticCode: kind.diagnostic,
        },
      ],
      timestamp,
      feedbackId,
      reportingMTA: 'dns; mx.study-analytics.local',
    },
  });
}
