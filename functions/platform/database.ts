import { RDSDataClient } from '@aws-sdk/client-rds-data';
import type { Schema } from '../contracts/zod';
import { requireEnv } from './config';
import { DataApi, type Queryable } from './data-api';
import { environmentCredentials } from './environment-credentials';
import type { SqlParams } from './sql-values';
import { traced } from './tracer';

const client = traced(new RDSDataClient({ credentials: environmentCredentials }));
const clients = new Map<string, DataApi>();

/**
 * The Data API client for the target the environment names: the cluster, the database and the
 * secret of this function's database role. The environment is read per call rather than once:
 * on Lambda it never changes, so this is one client; a process hosting several functions gives
 * each invocation its own function's secret.
 */
function current(): DataApi {
  const target = {
    resourceArn: requireEnv('DATABASE_RESOURCE_ARN'),
    secretArn: requireEnv('DATABASE_SECRET_ARN'),
    database: requireEnv('DATABASE_NAME'),
  };
  const key = `${target.resourceArn} ${target.secretArn} ${target.database}`;
  let found = clients.get(key);
  if (!found) {
    found = new DataApi(target, client);
    clients.set(key, found);
  }
  return found;
}

/** The function's database, as its role. */
export const db: Queryable & Pick<DataApi, 'transaction'> = {
  query: ((sql: string, params?: SqlParams, rows?: Schema) =>
    rows
      ? current().query(sql, params ?? {}, rows)
      : current().query(sql, params)) as Queryable['query'],
  transaction: (work) => current().transaction(work),
};
