/**
 * Sends the emails the report builder recorded: claims a batch, renders each from the same
 * report the API serves, sends it through SES at a steady rate and records what happened.
 */

import { unsubscribeToken } from '../core/unsubscribe-token';
import {
  type ClaimedDelivery,
  claimDeliveries,
  markFailed,
  markSent,
  markSkipped,
} from '../data/deliveries';
import { report } from '../data/reports';
import {
  optionalText,
  positiveInteger,
  positiveNumber,
  readConfig,
  text,
} from '../platform/config';
import type { Queryable } from '../platform/data-api';
import { loggableError, logger } from '../platform/logger';
import { Mailer } from '../platform/mailer';
import { countMetric } from '../platform/metrics';
import { unsubscribeSecret } from '../platform/secrets';
import {
  goalsNeedingReminder,
  renderReminderEmail,
  renderReportEmail,
} from '../views/report-email';
import { toReport } from '../views/report-view';
import { emailLinks, type LinkConfig, linkConfig } from './email-links';

export interface SenderConfig extends LinkConfig {
  sendsPerSecond: number;
  maxAttempts: number;
}

export function senderConfig(env: NodeJS.ProcessEnv = process.env): SenderConfig {
  const config = readConfig(
    { REPORT_SENDS_PER_SECOND: positiveNumber(10), REPORT_MAX_ATTEMPTS: positiveInteger(6) },
    env,
  );
  return {
    ...linkConfig(env),
    sendsPerSecond: config.REPORT_SENDS_PER_SECOND,
    maxAttempts: config.REPORT_MAX_ATTEMPTS,
  };
}

/** How long a claimed delivery is held before another sender may retry it. */
const LEASE_SECONDS = 300;
const MAX_BATCH = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SendOutcome {
  sent: number;
  skipped: number;
  failed: number;
  abandoned: number;
}

async function deliver(
  db: Queryable,
  mailer: Mailer,
  config: SenderConfig,
  secret: string,
  d: ClaimedDelivery,
): Promise<'sent' | 'skipped'> {
  const kind = d.kind === 'weekly' ? 'weekly' : 'daily';
  const data = toReport(await report(db, d.user_id, kind, d.period_start), kind);
  const token = unsubscribeToken(d.user_id, d.kind, secret);
  const links = emailLinks(config, token);
  const reminders = goalsNeedingReminder(data);
  let email: ReturnType<typeof renderReportEmail>;
  if (d.kind === 'reminder') {
    if (reminders.length === 0) {
      await markSkipped(db, d.id);
      return 'skipped';
    }
    email = renderReminderEmail(reminders, links);
  } else {
    email = renderReportEmail(data, links, d.kind === 'daily' ? reminders : []);
  }
  const messageId = await mailer.send({
    ...email,
    to: d.email,
    unsubscribeUrl: links.unsubscribeUrl,
    unsubscribeMailto: config.unsubscribeMailto
      ? `${config.unsubscribeMailto}?subject=unsubscribe%20${token}`
      : undefined,
  });
  await markSent(db, d.id, messageId);
  return 'sent';
}

/** Sends due emails until none is left or `deadline` (epoch ms) comes near. */
export async function sendDueReports(
  db: Queryable,
  mailer: Mailer,
  config: SenderConfig,
  deadline: number,
): Promise<SendOutcome> {
  const secret = await unsubscribeSecret();
  const outcome: SendOutcome = { sent: 0, skipped: 0, failed: 0, abandoned: 0 };
  const spacingMs = 1000 / Math.max(0.1, config.sendsPerSecond);
  for (;;) {
    // Claim only what can be sent at the configured rate before the deadline.
    const fits = Math.floor(((deadline - Date.now()) / 1000) * config.sendsPerSecond);
    if (fits < 1) break;
    const batch = await claimDeliveries(db, Math.min(MAX_BATCH, fits), LEASE_SECONDS);
    if (batch.length === 0) break;
    for (const delivery of batch) {
      if (delivery.suppressed) {
        outcome.skipped++;
        continue;
      }
      const started = Date.now();
      try {
        outcome[await deliver(db, mailer, config, secret, delivery)]++;
      } catch (err) {
        const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        const status = await markFailed(db, delivery.id, message, config.maxAttempts);
        outcome[status === 'abandoned' ? 'abandoned' : 'failed']++;
        logger.warn('Report email not sent', {
          delivery_id: delivery.id,
          status,
          ...loggableError(err),
        });
      }
      await sleep(Math.max(0, spacingMs - (Date.now() - started)));
    }
  }
  countMetric('EmailsSent', outcome.sent);
  countMetric('EmailsFailed', outcome.failed);
  countMetric('EmailsAbandoned', outcome.abandoned);
  return outcome;
}

let mailer: Mailer | undefined;
/** The module-scope mailer, configured from REPORT_FROM_ADDRESS and SES_CONFIGURATION_SET. */
export const defaultMailer = () => {
  if (!mailer) {
    const config = readConfig({
      REPORT_FROM_ADDRESS: text(),
      SES_CONFIGURATION_SET: optionalText(),
    });
    mailer = new Mailer(config.REPORT_FROM_ADDRESS, config.SES_CONFIGURATION_SET);
  }
  return mailer;
};
