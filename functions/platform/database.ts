import { requireEnv } from './config';
import { DataApi } from './data-api';

/** The function's Data API client, configured once per cold start from the environment. */
export const db = new DataApi({
  resourceArn: requireEnv('DATABASE_RESOURCE_ARN'),
  secretArn: requireEnv('DATABASE_SECRET_ARN'),
  database: requireEnv('DATABASE_NAME'),
});
