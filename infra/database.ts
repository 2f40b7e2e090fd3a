import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  AuroraPostgresEngineVersion,
  ClusterInstance,
  Credentials,
  DatabaseCluster,
  DatabaseClusterEngine,
} from 'aws-cdk-lib/aws-rds';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { HouseFunction, REPO_ROOT } from './house-function';

export interface DatabaseProps {
  /** Aurora capacity units; 0 lets the cluster pause when idle. */
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

const DATABASE_NAME = 'study_analytics';
const MIGRATIONS_DIR = join(REPO_ROOT, 'db', 'migrations');

/** Changes whenever a migration is added or edited, so the custom resource runs again. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  }
  return hash.digest('hex');
}

/**
 * Aurora Serverless v2 PostgreSQL 16 with the Data API on. Functions reach it only through the
 * Data API, so they need no VPC; the cluster's VPC has isolated subnets and no NAT.
 */
export class Database extends Construct {
  readonly cluster: DatabaseCluster;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'database', subnetType: SubnetType.PRIVATE_ISOLATED }],
    });
    this.cluster = new DatabaseCluster(this, 'Cluster', {
      engine: DatabaseClusterEngine.auroraPostgres({
        version: AuroraPostgresEngineVersion.VER_16_13,
      }),
      credentials: Credentials.fromGeneratedSecret('study_analytics_admin'),
      defaultDatabaseName: DATABASE_NAME,
      writer: ClusterInstance.serverlessV2('Writer'),
      serverlessV2MinCapacity: props.minCapacity,
      serverlessV2MaxCapacity: props.maxCapacity,
      enableDataApi: true,
      vpc,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });

    // Migrations run on every deploy that changes them, through the same runner as locally.
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
    this.bind(migrator);
    const provider = new Provider(this, 'MigrationProvider', { onEventHandler: migrator });
    const migrations = new CustomResource(this, 'Migrations', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::StudyAnalyticsMigrations',
      properties: { MigrationsHash: migrationsHash() },
    });
    migrations.node.addDependency(this.cluster);
  }

  /** Grants the Data API on this cluster (and its secret) and sets the function's env. */
  bind(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    this.cluster.grantDataApiAccess(fn);
    fn.addEnvironment('DATABASE_RESOURCE_ARN', this.cluster.clusterArn);
    fn.addEnvironment('DATABASE_SECRET_ARN', this.cluster.secret?.secretArn ?? '');
    fn.addEnvironment('DATABASE_NAME', DATABASE_NAME);
  }
}
