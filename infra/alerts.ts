import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { acknowledge } from './nag';

/** Where alarms go: a topic, emailed to the stage's `alertEmail` when there is one. */
export class Alerts extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: { readonly email?: string }) {
    super(scope, id);
    // Alarm texts name queues and functions: encrypted at rest, with a key CloudWatch may use.
    const key = new Key(this, 'Key', { enableKeyRotation: true, description: 'Alert topic' });
    key.grantEncryptDecrypt(new ServicePrincipal('cloudwatch.amazonaws.com'));
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Study Analytics alerts',
      enforceSSL: true,
      masterKey: key,
    });
    if (props.email) {
      const subscription = this.topic.addSubscription(new EmailSubscription(props.email));
      acknowledge(subscription, [
        {
          id: 'Serverless-SNSRedrivePolicy',
          reason:
            'A person reads this email; SNS retries it, and the alarm stays in ALARM meanwhile.',
        },
      ]);
    }
  }

  /** The alarm notifies the topic when it goes off and when it recovers. */
  notify(alarm: Alarm): void {
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
}
