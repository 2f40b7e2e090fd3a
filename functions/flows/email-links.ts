import { optionalText, readConfig, text } from '../platform/config';
import { goalsNeedingReminder, renderReportEmail } from '../views/report-email';
import type { Report } from '../views/report-view';

/** Where report emails link to: the API (unsubscribe) and the dashboard. */
export interface LinkConfig {
  publicApiUrl: string;
  dashboardUrl: string;
  unsubscribeMailto: string | undefined;
}

export function linkConfig(env: NodeJS.ProcessEnv = process.env): LinkConfig {
  const config = readConfig(
    { PUBLIC_API_URL: text(), DASHBOARD_URL: text(), UNSUBSCRIBE_MAILTO: optionalText() },
    env,
  );
  return {
    publicApiUrl: config.PUBLIC_API_URL.replace(/\/$/, ''),
    dashboardUrl: config.DASHBOARD_URL,
    unsubscribeMailto: config.UNSUBSCRIBE_MAILTO,
  };
}

export const emailLinks = (config: LinkConfig, token: string) => ({
  dashboardUrl: config.dashboardUrl,
  unsubscribeUrl: `${config.publicApiUrl}/unsubscribe?token=${token}`,
});

/**
 * A report rendered as the email it is sent as, for `?format=html`. The one difference: its
 * unsubscribe link opens the dashboard's email settings, since a preview is not a sent email.
 */
export function emailPreview(data: Report) {
  const config = linkConfig();
  const reminders = data.kind === 'daily' ? goalsNeedingReminder(data) : [];
  const email = renderReportEmail(
    data,
    { dashboardUrl: config.dashboardUrl, unsubscribeUrl: config.dashboardUrl },
    reminders,
  );
  return {
    body: email.html,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'x-email-subject': encodeURIComponent(email.subject),
    },
  };
}
