import * as z from 'zod';
import { SES_BOUNCE, SES_COMPLAINT, SesFeedbackEvent } from '../contracts/ses-feedback';
import { decideFeedback } from '../core/email-feedback';
import { recordSuppression } from '../data/email-suppressions';
import { requireEnv } from '../platform/config';
import { db } from '../platform/database';
import { eventHandler } from '../platform/event-handler';
import { logger } from '../platform/logger';

const configurationSet = requireEnv('SES_CONFIGURATION_SET');

/**
 * SES bounces and complaints → suppressed addresses, so no further report goes to them.
 * The whole envelope is checked here rather than by `eventHandler`: an event that is not SES
 * feedback about our own mail is logged and ignored (retrying it would never make it ours), while
 * a database failure still throws so the event is retried.
 */
export const handler = eventHandler(
  { source: 'aws.ses', detailTypes: [SES_BOUNCE, SES_COMPLAINT] },
  z.unknown(),
  async (_detail, event) => {
    const parsed = SesFeedbackEvent.safeParse(event);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join('.') || '(event)');
      logger.warn('Not an SES bounce or complaint; ignored', { fields, source: event.source });
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
    // Counts only: addresses are personal data.
    logger.info('Email feedback recorded', {
      reason: decision.reason,
      recipients: decision.addresses.length,
      newly_suppressed: recorded,
      not_sent_by_us: notOurs,
    });
  },
);
