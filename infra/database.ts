import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { FlowLogDestination, FlowLogTrafficType, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  type CfnDBCluster,
  ClusterInstance,
  Credentials,
  DatabaseCluster,
  DatabaseClusterEngine,
  DatabaseInsightsMode,
  ParameterGroup,
  PerformanceInsightRetention,
} from 'aws-cdk-lib/aws-rds';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { RoleKey } from '../db/roles';
import { DatabaseRoles } from './database-roles';
import { AURORA_POSTGRES_ENGINE } from './engine-version';
import { HouseFunction, REPO_ROOT } from './house-function';
import { acknowledge } from './nag';
import type { StageConfig } from './stages';

export type DatabaseProps = Pick<
  StageConfig,
  | 'databaseMinCapacity'
  | 'databaseMaxCapacity'
  | 'databaseReader'
  | 'backupRetentionDays'
  | 'protectDatabase'
  | 'databaseInsights'
  | 'slowStatementMs'
  | 'logRetentionDays'
>;

type Bindable = IFunction & { addEnvironment(key: string, value: string): unknown };

export const DATABASE_NAME = 'study_analytics';
const MASTER_USERNAME = 'study_analytics_admin';
const MIGRATIONS_DIR = join(REPO_ROOT, 'db', 'migrations');

/** Changes whenever a migration or the roles change, so the custom resource runs again. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  }
  hash.update(readFileSync(join(REPO_ROOT, 'db', 'roles.ts')));
  return hash.digest('hex');
}

const retentionOf = (days: number): RetentionDays => {
  const known = Object.values(RetentionDays).filter((d): d is number => typeof d === 'number');
  const fit = known.filter((d) => d >= days).sort((a, b) => a - b)[0];
  return (fit ?? RetentionDays.INFINITE) as RetentionDays;
};

export { retentionOf };

/**
 * Aurora Serverless v2 PostgreSQL 16 with the Data API on. Functions reach it only through the
 * Data API, so they need no VPC; the cluster's VPC has isolated subnets and no NAT. The master
 * password is managed (and rotated) by RDS; functions log in as least-privilege roles.
 */
export class Database extends Construct {
  readonly cluster: DatabaseCluster;
  readonly roles: DatabaseRoles;
  /** The RDS-managed secret of the master user: roles only, never a function's login. */
  readonly masterSecretArn: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'database', subnetType: SubnetType.PRIVATE_ISOLATED }],
      flowLogs: {
        rejected: {
          destination: FlowLogDestination.toCloudWatchLogs(
            new LogGroup(this, 'FlowLogs', {
              retention: retentionOf(props.logRetentionDays),
              removalPolicy: RemovalPolicy.DESTROY,
            }),
          ),
          trafficType: FlowLogTrafficType.REJECT,
        },
      },
    });
    const removalPolicy = props.protectDatabase ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY;
    // Ours, so the settings are stated rather than inherited from the engine's defaults.
    const parameters = new ParameterGroup(this, 'Parameters', {
      engine: DatabaseClusterEngine.auroraPostgres({
        version: AURORA_POSTGRES_ENGINE,
      }),
      description: 'Study Analytics: slow statements and schema changes logged',
      parameters: {
        log_min_duration_statement: String(props.slowStatementMs),
        // Parameters of logged statements are students' data (and role passwords): never logged.
        log_parameter_max_length: '0',
        log_parameter_max_length_on_error: '0',
        log_statement: 'ddl',
        log_lock_waits: '1',
        log_temp_files: '10240',
        'rds.force_ssl': '1',
      },
    });
    this.cluster = new DatabaseCluster(this, 'Cluster', {
      engine: DatabaseClusterEngine.auroraPostgres({
        version: AURORA_POSTGRES_ENGINE,
      }),
      credentials: Credentials.fromUsername(MASTER_USERNAME),
      manageMasterUserPassword: true,
      defaultDatabaseName: DATABASE_NAME,
      parameterGroup: parameters,
      writer: ClusterInstance.serverlessV2('Writer', { autoMinorVersionUpgrade: true }),
      readers: props.databaseReader
        ? [ClusterInstance.serverlessV2('Reader', { scaleWithWriter: true })]
        : [],
      serverlessV2MinCapacity: props.databaseMinCapacity,
      serverlessV2MaxCapacity: props.databaseMaxCapacity,
      enableDataApi: true,
      vpc,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
      iamAuthentication: true,
      deletionProtection: props.protectDatabase,
      removalPolicy,
      backup: { retention: Duration.days(props.backupRetentionDays) },
      copyTagsToSnapshot: true,
      enablePerformanceInsights: true,
      ...(props.databaseInsights === 'advanced'
        ? {
            databaseInsightsMode: DatabaseInsightsMode.ADVANCED,
            performanceInsightRetention: PerformanceInsightRetention.MONTHS_15,
          }
        : { performanceInsightRetention: PerformanceInsightRetention.DEFAULT }),
      cloudwatchLogsExports: ['postgresql'],
      cloudwatchLogsRetention: retentionOf(props.logRetentionDays),
    });
    // Serverless v2 instances take Performance Insights from the cluster, as CDK's warning says.
    Annotations.of(this.cluster).acknowledgeWarning(
      '@aws-cdk/aws-rds:instancePerformanceInsightsOverridden',
      'Performance Insights is a cluster setting; the instances follow it.',
    );
    this.masterSecretArn = (
      this.cluster.node.defaultChild as CfnDBCluster
    ).attrMasterUserSecretSecretArn;
    acknowledge(this.cluster, [
      {
        id: 'AwsSolutions-RDS10',
        reason: 'Deletion protection is a stage setting: on in prod, off in dev to tear down.',
        when: !props.protectDatabase,
      },
    ]);

    this.roles = new DatabaseRoles(this, 'Roles', {
      cluster: this.cluster,
      masterSecretArn: this.masterSecretArn,
      databaseName: DATABASE_NAME,
    });

    // Roles, migrations and grants on every deploy that changes them, through the same code as
    // locally. The data stack deploys before the functions, so they never meet an old schema.
    const migrator = new HouseFunction(this, 'Migrator', {
      entry: 'db/migrate-handler.ts',
      description: 'Applies db/migrations through the Data API',
      // An Aurora cluster at 0 ACU takes ~15 s to resume before the first statement.
      timeout: Duration.minutes(5),
      environment: { MIGRATIONS_DIR: '/var/task/migrations' },
      bundling: {
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_input: string, output: string) => [
            `cp -r "${MIGRATIONS_DIR}" "${output}/migrations"`,
          ],
        },
      },
    });
    this.bindMaster(migrator);
    this.roles.bindAll(migrator);
    acknowledge(migrator, [
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'Invoked synchronously by the provider framework; a failure fails the deploy.',
      },
    ]);
    const provider = new Provider(this, 'MigrationProvider', {
      onEventHandler: migrator,
      logGroup: new LogGroup(this, 'MigrationProviderLogs', {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    acknowledge(provider, [
      {
        id: 'AwsSolutions-IAM4',
        reason: 'The CDK provider framework function logs with AWSLambdaBasicExecutionRole.',
      },
      {
        id: 'AwsSolutions-IAM5',
        reason: 'The CDK provider framework may invoke any version of the migrator function.',
        finding: /^Resource::<DatabaseMigrator[0-9A-F]+\.Arn>:\*$/,
      },
      { id: 'AwsSolutions-L1', reason: 'The CDK provider framework pins its own runtime.' },
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'CloudFormation invokes the provider and fails the deploy when it fails.',
      },
      {
        id: 'Serverless-LambdaLatestVersion',
        reason: 'The CDK provider framework pins its runtime.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason: 'The CDK provider framework function is not traced.',
      },
      {
        id: 'Serverless-LambdaDefaultMemorySize',
        reason: 'The CDK provider framework function sets its own memory size.',
      },
    ]);
    const migrations = new CustomResource(this, 'Migrations', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::StudyAnalyticsMigrations',
      properties: { MigrationsHash: migrationsHash() },
    });
    migrations.node.addDependency(this.cluster);
    // Rotation changes passwords as the master; the first one runs after the roles exist.
    this.roles.rotateAfter(migrations);
  }

  /** The Data API as the master user: only the migrator and the rotation function. */
  bindMaster(fn: Bindable): void {
    this.roles.grantStatements(fn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [this.masterSecretArn],
      }),
    );
    fn.addEnvironment('DATABASE_RESOURCE_ARN', this.cluster.clusterArn);
    fn.addEnvironment('DATABASE_MASTER_SECRET_ARN', this.masterSecretArn);
    fn.addEnvironment('DATABASE_NAME', DATABASE_NAME);
  }

  /** The Data API as one role (its secret only) and the env to find the database. */
  bind(fn: Bindable, role: RoleKey): void {
    this.roles.bind(fn, role);
    fn.addEnvironment('DATABASE_NAME', DATABASE_NAME);
  }
}
