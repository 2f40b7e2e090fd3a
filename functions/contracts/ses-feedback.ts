/**
 * The SES events this service consumes: bounces and complaints about the reports it sent, which
 * SES publishes through the reports configuration set's EventBridge destination on the account's
 * default bus. Only the fields this service reads are required; SES may add others.
 *
 * Envelope and detail types: https://docs.aws.amazon.com/ses/latest/dg/monitoring-eventbridge.html
 * Detail (`eventType`, `mail`, `bounce`, `complaint`):
 * https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html
 */
import * as z from './zod';

export const SES_EVENT_SOURCE = 'aws.ses';
export const SES_BOUNCE = 'Email Bounced';
export const SES_COMPLAINT = 'Email Complaint Received';
/** The tag SES adds to every event published through a configuration set. */
export const CONFIGURATION_SET_TAG = 'ses:configuration-set';

const instant = z.iso.datetime({ offset: true });
const Recipient = z.looseObject({
  emailAddress: z.string().check(z.minLength(3), z.maxLength(320)),
});

const Mail = z.looseObject({
  timestamp: instant,
  messageId: z.string().check(z.minLength(1), z.maxLength(256)),
  destination: z.array(z.string().check(z.maxLength(320))).check(z.minLength(1), z.maxLength(50)),
  tags: z.record(z.string(), z.array(z.string())),
});

const BounceDetail = z.looseObject({
  eventType: z.literal('Bounce'),
  mail: Mail,
  bounce: z.looseObject({
    /** Permanent is a hard bounce; Transient and Undetermined are soft. */
    bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
    bounceSubType: z.string().check(z.maxLength(100)),
    bouncedRecipients: z.array(Recipient).check(z.minLength(1), z.maxLength(50)),
    timestamp: instant,
    feedbackId: z.string().check(z.minLength(1), z.maxLength(256)),
  }),
});

const ComplaintDetail = z.looseObject({
  eventType: z.literal('Complaint'),
  mail: Mail,
  complaint: z.looseObject({
    complainedRecipients: z.array(Recipient).check(z.minLength(1), z.maxLength(50)),
    timestamp: instant,
    feedbackId: z.string().check(z.minLength(1), z.maxLength(256)),
    /** From the ISP's feedback report; `not-spam` withdraws a complaint rather than making one. */
    complaintFeedbackType: z.optional(z.string().check(z.maxLength(100))),
  }),
});

export const SesFeedbackEvent = z.discriminatedUnion('detail-type', [
  z.looseObject({
    source: z.literal(SES_EVENT_SOURCE),
    'detail-type': z.literal(SES_BOUNCE),
    detail: BounceDetail,
  }),
  z.looseObject({
    source: z.literal(SES_EVENT_SOURCE),
    'detail-type': z.literal(SES_COMPLAINT),
    detail: ComplaintDetail,
  }),
]);
export type SesFeedbackEvent = z.infer<typeof SesFeedbackEvent>;
