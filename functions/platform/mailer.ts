import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { headerText, type RenderedEmail } from '../core/email-text';
import { environmentCredentials } from './environment-credentials';
import { traced } from './tracer';

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** One-click https URL (RFC 8058) and, when configured, a mailto address. */
  unsubscribeUrl: string;
  unsubscribeMailto?: string;
}

/**
 * Sends through SES v2 with List-Unsubscribe and List-Unsubscribe-Post, so mail clients offer
 * one-click unsubscribe. Retries are the caller's (recorded per delivery), not the SDK's.
 */
export class Mailer {
  constructor(
    private readonly from: string,
    private readonly configurationSet: string | undefined,
    private readonly client = traced(
      new SESv2Client({ maxAttempts: 1, credentials: environmentCredentials }),
    ),
  ) {}

  async send(email: OutgoingEmail): Promise<string> {
    const unsubscribe = [
      `<${email.unsubscribeUrl}>`,
      ...(email.unsubscribeMailto ? [`<mailto:${email.unsubscribeMailto}>`] : []),
    ].join(', ');
    const out = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [email.to] },
        ConfigurationSetName: this.configurationSet,
        Content: {
          Simple: {
            Subject: { Data: headerText(email.subject), Charset: 'UTF-8' },
            Body: {
              Html: { Data: email.html, Charset: 'UTF-8' },
              Text: { Data: email.text, Charset: 'UTF-8' },
            },
            Headers: [
              { Name: 'List-Unsubscribe', Value: unsubscribe },
              { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
            ],
          },
        },
      }),
    );
    return out.MessageId ?? '';
  }
}
