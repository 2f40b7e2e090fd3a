import { Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { type ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge, CDK_SINGLETON } from './nag';

/**
 * What SES says about the reports it delivered: bounces, complaints and deliveries of the
 * configuration set go to EventBridge (SES publishes on the account's default bus only), where
 * the `record-email-feedback` rule stops mail to addresses that hard-bounced or complained. The
 * account-level suppression list is turned on for bounces and complaints too, so SES itself
 * refuses those addresses for any sender of the account.
 */
export class EmailFeedback extends Construct {
  constructor(
    scope: Construct,
    id: string,
    private readonly configurationSet: ConfigurationSet,
  ) {
    super(scope, id);
    configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(
        EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
      ),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.DELIVERY],
    });

    // An account setting with no CloudFormation resource: set through the SES v2 API on every
    // deploy. Left on when the stack is deleted, since turning it off would resume mail to
    // addresses that bounced or complained.
    const suppression = new AwsCustomResource(this, 'AccountSuppression', {
      installLatestAwsSdk: false,
      onUpdate: {
        service: 'SESv2',
        action: 'PutAccountSuppressionAttributes',
        parameters: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
        physicalResourceId: PhysicalResourceId.of('account-suppression-list'),
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['ses:PutAccountSuppressionAttributes'], resources: ['*'] }),
      ]),
    });
    acknowledge(suppression, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'ses:PutAccountSuppressionAttributes is an account setting with no resource ARN.',
        finding: /^Resource::\*$/,
      },
    ]);
    const provider = Stack.of(this).node.tryFindChild(
      `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
    );
    if (provider) acknowledge(provider, CDK_SINGLETON);
  }

  /** Tells the function which configuration set's events are about this service's mail. */
  bind(fn: LambdaFunction): void {
    fn.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
  }
}
