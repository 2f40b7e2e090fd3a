/**
 * What a bounce or complaint means for future mail: a hard bounce or a complaint stops mail to
 * the address; a soft bounce (the mailbox full, a server away) does not, since SES has already
 * retried it and the next report may well arrive.
 */
import {
  CONFIGURATION_SET_TAG,
  SES_BOUNCE,
  type SesFeedbackEvent,
} from '../contracts/ses-feedback';
import type { SuppressionReason } from '../vocabulary';

export type FeedbackDecision =
  | {
      readonly action: 'suppress';
      readonly reason: SuppressionReason;
      /** Lower-cased addresses, each one the message was sent to. */
      readonly addresses: readonly string[];
      readonly since: Date;
      readonly messageId: string;
      readonly feedbackId: string;
    }
  | { readonly action: 'ignore'; readonly why: string };

/** `Name <a@b>` or `a@b`, compared without case, as SES and mailboxes treat them. */
export function normalizeAddress(address: string): string {
  const angled = /<([^<>]*)>\s*$/.exec(address);
  return (angled?.[1] ?? address).trim().toLowerCase();
}

export function decideFeedback(
  event: SesFeedbackEvent,
  configurationSet: string,
): FeedbackDecision {
  const { mail } = event.detail;
  // Only mail sent through this stage's configuration set is this service's to judge.
  if (!(mail.tags[CONFIGURATION_SET_TAG] ?? []).includes(configurationSet)) {
    return { action: 'ignore', why: 'not sent through this configuration set' };
  }
  let reason: SuppressionReason;
  let recipients: readonly { emailAddress: string }[];
  let feedback: { timestamp: string; feedbackId: string };
  if (event['detail-type'] === SES_BOUNCE) {
    const { bounce } = event.detail;
    if (bounce.bounceType !== 'Permanent') {
      return { action: 'ignore', why: `soft bounce (${bounce.bounceType}): mail continues` };
    }
    reason = 'bounce';
    recipients = bounce.bouncedRecipients;
    feedback = bounce;
  } else {
    const { complaint } = event.detail;
    if (complaint.complaintFeedbackType === 'not-spam') {
      return { action: 'ignore', why: 'a not-spam report is no complaint' };
    }
    reason = 'complaint';
    recipients = complaint.complainedRecipients;
    feedback = complaint;
  }
  // A recipient the message was not addressed to cannot have bounced or complained about it.
  const sentTo = new Set(mail.destination.map(normalizeAddress));
  const addresses = [...new Set(recipients.map((r) => normalizeAddress(r.emailAddress)))].filter(
    (a) => sentTo.has(a),
  );
  if (addresses.length === 0) {
    return { action: 'ignore', why: 'no recipient of the message is named' };
  }
  return {
    action: 'suppress',
    reason,
    addresses,
    since: new Date(feedback.timestamp),
    messageId: mail.messageId,
    feedbackId: feedback.feedbackId,
  };
}
