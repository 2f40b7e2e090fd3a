import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { Database } from './database';
import { acknowledge, acknowledgeCdkSingletons } from './nag';
import type { StageConfig } from './stages';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * What holds data and must outlive any deploy of the functions: the database with its roles'
 * secrets and migrations, the other secrets, the log bucket, the event bus and its archive.
 * Deployed before the stateless stack, so migrations run before new functions take traffic.
 */
export class DataStack extends Stack {
  readonly database: Database;
  readonly bus: EventBus;
  readonly unsubscribeSecret: Secret;
  readonly logs: Bucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    const keep = config.protectDatabase ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.database = new Database(this, 'Database', config);

    this.bus = new EventBus(this, 'Bus', { description: 'Study Analytics domain events' });
    // Every event is kept for replay (`aws events start-replay`) for the stage's retention.
    this.bus.archive('Archive', {
      description: 'Every event on the Study Analytics bus, for replay',
      // Every event, ours and the class-management service's (matches any source).
      eventPattern: { source: [{ prefix: '' }] as unknown as string[] },
      retention: Duration.days(config.eventArchiveDays),
    });

    this.unsubscribeSecret = new Secret(this, 'UnsubscribeSecret', {
      description: 'Signs the unsubscribe links of report emails',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: keep,
    });
    acknowledge(this.unsubscribeSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotating the link-signing key would invalidate the unsubscribe links of emails already sent.',
      },
    ]);

    // CloudFront standard logs and S3 server access logs (legacy delivery needs ACLs).
    this.logs = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(config.logRetentionDays) }],
      removalPolicy: keep,
    });
    acknowledge(this.logs, [
      {
        id: 'AwsSolutions-S1',
        reason: 'This is the log bucket; logging its own access would log recursively.',
      },
    ]);

    acknowledgeCdkSingletons(this);
    new CfnOutput(this, 'ClusterArn', { value: this.database.cluster.clusterArn });
    new CfnOutput(this, 'MasterSecretArn', { value: this.database.masterSecretArn });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
    new CfnOutput(this, 'EventBusArn', { value: this.bus.eventBusArn });
  }
}
