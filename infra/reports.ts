import { Arn, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface ReportsProps {
  /** Sender address of report emails, e.g. reports@example.edu. */
  readonly fromAddress: string;
  /** SES identity to send as: the sender's domain (verified with DKIM) or the address itself. */
  readonly identity: string;
  /** Name of the SES configuration set for sending events; generated when absent. */
  readonly configurationSetName?: string;
  /** Mailbox for mailto unsubscribe requests, if one is processed. */
  readonly unsubscribeMailto?: string;
  readonly sendsPerSecond: number;
  /** Signs unsubscribe links (kept with the data: rotating it breaks links already sent). */
  readonly unsubscribeSecret: ISecret;
}

/**
 * Emailed reports: the SES identity and configuration set, the secret signing unsubscribe links,
 * and the binders that grant each function only what it uses of them.
 */
export class Reports extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly unsubscribeSecret: ISecret;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ReportsProps,
  ) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      // Whatever the account's setting, this set never mails an address that bounced or complained.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: props.identity.includes('@')
        ? Identity.email(props.identity)
        : Identity.domain(props.identity),
      configurationSet: this.configurationSet,
    });
    this.unsubscribeSecret = props.unsubscribeSecret;
  }

  /** `ses:SendEmail` as the reports identity, through its configuration set, and nothing else. */
  bindSending(fn: LambdaFunction): void {
    const stack = Stack.of(this);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          Arn.format(
            { service: 'ses', resource: 'identity', resourceName: this.identity.emailIdentityName },
            stack,
          ),
          Arn.format(
            {
              service: 'ses',
              resource: 'configuration-set',
              resourceName: this.configurationSet.configurationSetName,
            },
            stack,
          ),
        ],
      }),
    );
    fn.addEnvironment('REPORT_FROM_ADDRESS', this.props.fromAddress);
    fn.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
    fn.addEnvironment('REPORT_SENDS_PER_SECOND', String(this.props.sendsPerSecond));
  }

  /** Reads the secret that signs unsubscribe links. */
  bindSigningSecret(fn: LambdaFunction): void {
    this.unsubscribeSecret.grantRead(fn);
    fn.addEnvironment('UNSUBSCRIBE_SECRET_ARN', this.unsubscribeSecret.secretArn);
  }

  /** The public URLs that emails link to. */
  bindLinks(fn: LambdaFunction, links: { publicApiUrl: string; dashboardUrl: string }): void {
    fn.addEnvironment('PUBLIC_API_URL', links.publicApiUrl);
    fn.addEnvironment('DASHBOARD_URL', links.dashboardUrl);
    if (this.props.unsubscribeMailto) {
      fn.addEnvironment('UNSUBSCRIBE_MAILTO', this.props.unsubscribeMailto);
    }
  }
}
