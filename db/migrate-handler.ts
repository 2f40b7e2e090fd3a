/**
 * CloudFormation custom resource (through the CDK Provider framework) that applies the
 * migrations bundled beside it on every deploy that changes them. Deleting the stack leaves the
 * data alone: the cluster's own removal policy decides its fate.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { requireEnv } from '../functions/platform/config';
import { DataApi } from '../functions/platform/data-api';
import { loadMigrations, migrate } from './migrate';

const PHYSICAL_ID = 'study-analytics-schema';

export async function handler(event: CloudFormationCustomResourceEvent) {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: PHYSICAL_ID };
  const db = new DataApi({
    resourceArn: requireEnv('DATABASE_RESOURCE_ARN'),
    secretArn: requireEnv('DATABASE_SECRET_ARN'),
    database: requireEnv('DATABASE_NAME'),
  });
  const applied = await migrate(db, loadMigrations(requireEnv('MIGRATIONS_DIR')));
  console.log(JSON.stringify({ message: 'migrations applied', applied }));
  return { PhysicalResourceId: PHYSICAL_ID, Data: { Applied: applied.join(',') } };
}
