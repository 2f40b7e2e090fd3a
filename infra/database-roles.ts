import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { DatabaseCluster } from 'aws-cdk-lib/aws-rds';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, type IDependable } from 'constructs';
import { DATABASE_ROLES, ROLE_KEYS, type RoleKey } from '../db/roles';
import { HouseFunction } from './house-function';
import { acknowledge } from './nag';

type Bindable = IFunction & { addEnvironment(key: string, value: string): unknown };

export interface DatabaseRolesProps {
  readonly cluster: DatabaseCluster;
  readonly masterSecretArn: string;
  readonly databaseName: string;
}

/** Days between automatic rotations of the roles' passwords. */
const ROTATION_DAYS = 30;

/**
 * A Secrets Manager secret per database role (db/roles.ts), rotated by a function that changes
 * the password through the Data API, so that it needs no VPC access.
 */
export class DatabaseRoles extends Construct {
  readonly secrets: Record<RoleKey, Secret>;
  readonly rotator: HouseFunction;
  private readonly cluster: DatabaseCluster;

  constructor(scope: Construct, id: string, props: DatabaseRolesProps) {
    super(scope, id);
    this.cluster = props.cluster;
    this.secrets = Object.fromEntries(
      ROLE_KEYS.map((key) => [
        key,
        new Secret(this, `${key}-secret`, {
          description: `Study Analytics database role ${DATABASE_ROLES[key].name}`,
          // The Data API reads username and password from the secret's JSON.
          generateSecretString: {
            secretStringTemplate: JSON.stringify({ username: DATABASE_ROLES[key].name }),
            generateStringKey: 'password',
            passwordLength: 32,
            excludePunctuation: true,
          },
          removalPolicy: RemovalPolicy.DESTROY,
        }),
      ]),
    ) as Record<RoleKey, Secret>;

    this.rotator = new HouseFunction(this, 'Rotator', {
      entry: 'db/rotate-role-secret.ts',
      description: 'Rotates the database role secrets through the Data API',
      timeout: Duration.minutes(1),
      environment: {
        DATABASE_RESOURCE_ARN: props.cluster.clusterArn,
        DATABASE_NAME: props.databaseName,
        DATABASE_MASTER_SECRET_ARN: props.masterSecretArn,
      },
    });
    this.grantStatements(this.rotator);
    this.rotator.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [props.masterSecretArn],
      }),
    );
    this.rotator.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecretVersionStage',
        ],
        resources: Object.values(this.secrets).map((s) => s.secretArn),
      }),
    );
    this.rotator.addToRolePolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetRandomPassword'], resources: ['*'] }),
    );
    acknowledge(this.rotator, [
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'Secrets Manager invokes rotation steps itself and records a failed rotation.',
      },
    ]);
  }

  /** Rotation on a schedule, starting once `ready` (the roles exist in the database). */
  rotateAfter(ready: IDependable): void {
    for (const secret of Object.values(this.secrets)) {
      const schedule = secret.addRotationSchedule('Rotation', {
        rotationLambda: this.rotator,
        automaticallyAfter: Duration.days(ROTATION_DAYS),
      });
      schedule.node.addDependency(ready);
    }
  }

  /** The Data API as `role`: statements on the cluster and reading that role's secret only. */
  bind(fn: Bindable, role: RoleKey): void {
    this.grantStatements(fn);
    this.secrets[role].grantRead(fn);
    fn.addEnvironment('DATABASE_RESOURCE_ARN', this.cluster.clusterArn);
    fn.addEnvironment('DATABASE_SECRET_ARN', this.secrets[role].secretArn);
  }

  /** Reads every role's password (the migrator sets them): `DATABASE_ROLE_SECRET_ARNS`. */
  bindAll(fn: Bindable): void {
    for (const secret of Object.values(this.secrets)) secret.grantRead(fn);
    fn.addEnvironment(
      'DATABASE_ROLE_SECRET_ARNS',
      JSON.stringify(
        Object.fromEntries(ROLE_KEYS.map((key) => [key, this.secrets[key].secretArn])),
      ),
    );
  }

  /** Statements on the cluster, without any secret. */
  grantStatements(fn: Bindable): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'rds-data:ExecuteStatement',
          'rds-data:BatchExecuteStatement',
          'rds-data:BeginTransaction',
          'rds-data:CommitTransaction',
          'rds-data:RollbackTransaction',
        ],
        resources: [this.cluster.clusterArn],
      }),
    );
  }
}
