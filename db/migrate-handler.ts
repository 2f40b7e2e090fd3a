/**
 * CloudFormation custom resource (through the CDK Provider framework) that prepares the database
 * on every deploy that changes the migrations or the roles: roles and their passwords (as the
 * master user), the migrations bundled beside it (as the migrator), and the grants. Deleting
 * the stack leaves the data alone: the cluster's own removal policy decides its fate.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { requireEnv } from '../functions/platform/config';
import { DataApi } from '../functions/platform/data-api';
import { loadMigrations } from './migrate';
import { prepareDatabase } from './prepare-database';
import { ROLE_KEYS, type RoleKey } from './roles';

const PHYSICAL_ID = 'study-analytics-schema';

/** `DATABASE_ROLE_SECRET_ARNS`: `{"api": arn, "batch": arn, "migrator": arn}`. */
function roleSecretArns(): Record<RoleKey, string> {
  const arns = JSON.parse(requireEnv('DATABASE_ROLE_SECRET_ARNS')) as Record<string, string>;
  for (const key of ROLE_KEYS) {
    if (!arns[key]) throw new Error(`DATABASE_ROLE_SECRET_ARNS has no ${key} secret`);
  }
  return arns as Record<RoleKey, string>;
}

async function passwordOf(client: SecretsManagerClient, arn: string): Promise<string> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  const password = (JSON.parse(out.SecretString ?? '{}') as { password?: string }).password;
  if (!password) throw new Error(`Secret ${arn} has no password`);
  return password;
}

export async function handler(event: CloudFormationCustomResourceEvent) {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: PHYSICAL_ID };
  const target = {
    resourceArn: requireEnv('DATABASE_RESOURCE_ARN'),
    database: requireEnv('DATABASE_NAME'),
  };
  const arns = roleSecretArns();
  const secrets = new SecretsManagerClient({});
  const passwords = Object.fromEntries(
    await Promise.all(ROLE_KEYS.map(async (key) => [key, await passwordOf(secrets, arns[key])])),
  ) as Record<RoleKey, string>;
  const applied = await prepareDatabase({
    master: new DataApi({ ...target, secretArn: requireEnv('DATABASE_MASTER_SECRET_ARN') }),
    migrator: new DataApi({ ...target, secretArn: arns.migrator }),
    migrations: loadMigrations(requireEnv('MIGRATIONS_DIR')),
    passwords,
  });
  console.log(JSON.stringify({ message: 'database prepared', applied }));
  return { PhysicalResourceId: PHYSICAL_ID, Data: { Applied: applied.join(',') } };
}
