import {
  SES_BOUNCE,
  SES_COMPLAINT,
  SES_EVENT_SOURCE,
  SesFeedbackEvent,
} from '../contracts/ses-feedback';
import * as z from '../contracts/zod';
import { recordSuppression } from '../data/email-suppressions';
import { decideFeedback } from '../flows/email-feedback';
import { requireEnv } from '../platform/config';
import { db } from '../platform/database';
import { eventHandler, refuseEvent } from '../platform/event-handler';
import { logger } from '../platform/logger';

const configurationSet = requireEnv('SES_CONFIGURATION_SET');

/**
 * SES bounces and complaints → suppressed addresses, so no further report goes to them.
 * The whole event is checked here rather than by `eventHandler`'s contract: one that is not SES
 * feedback about our own mail is refused (counted and logged, never retried: a retry would not
 * make it ours), while a database failure still throws so the event is retried.
 */
export const handler = eventHandler(
  { source: SES_EVENT_SOURCE, detailTypes: [SES_BOUNCE, SES_COMPLAINT] },
  z.unknown(),
  async (_detail, event) => {
    const parsed = SesFeedbackEvent.safeParse(event);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join('.') || '(event)');
      refuseEvent(`not_ses_feedback: ${fields.slice(0, 5).join(', ')}`);
      return;
    }
    const decision = decideFeedback(parsed.data, configurationSet);
    if (decision.action === 'ignore') {
      logger.info('Email feedback ignored', { why: decision.why });
      return;
    }
    let recorded = 0;
    let notOurs = 0;
    for (const email of decision.addresses) {
      const outcome = await recordSuppression(db, { ...decision, email });
      if (outcome.recorded) recorded++;
      if (!outcome.ours) notOurs++;
    }
    if (notOurs > 0) refuseEvent('feedback_about_mail_we_did_not_send');
    // Counts only: addresses are personal data.
    logger.info('Email feedback recorded', {
      reason: decision.reason,
      recipients: decision.addresses.length,
      newly_suppressed: recorded,
      not_sent_by_us: notOurs,
    });
  },
);
