import { Arn, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
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
}

/**
 * Emailed reports: the SES identity and configuration set, the secret signing unsubscribe links,
 * and the binders that grant each function only what it uses of them.
 */
export class Reports extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly unsubscribeSecret: Secret;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ReportsProps,
  ) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
    });
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: props.identity.includes('@')
        ? Identity.email(props.identity)
        : Identity.domain(props.identity),
      configurationSet: this.configurationSet,
    });
    this.unsubscribeSecret = new Secret(this, 'UnsubscribeSecret', {
      description: 'Signs the unsubscribe links of report emails',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
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
