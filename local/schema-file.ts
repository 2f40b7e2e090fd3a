/**
 * db/schema.sql: the schema the migrations build, read back from a fresh embedded database
 * (`npm run db:schema` writes it; test/integration/schema-file.test.ts checks it is current).
 */
import { join } from 'node:path';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { schemaText } from '../db/schema-text';
import { DataApi } from '../functions/platform/data-api';
import { startDataApiEmulator } from './data-api/server';
import { LOCAL_ARNS, LOCAL_SECRET_ROLES, prepareLocalDatabase } from './stack';

export const SCHEMA_FILE = join(import.meta.dirname, '..', 'db', 'schema.sql');

// Local endpoints only: any region and credentials do.
const LOCAL_CLIENT = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

/** The schema of a database freshly built by the migrations, in memory. */
export async function freshSchemaText(): Promise<string> {
  const emulator = await startDataApiEmulator({
    secretRoles: LOCAL_SECRET_ROLES,
    database: LOCAL_ARNS.database,
  });
  const client = new RDSDataClient({ ...LOCAL_CLIENT, endpoint: emulator.url });
  try {
    await prepareLocalDatabase(new RDSDataClient({ ...LOCAL_CLIENT, endpoint: emulator.url }));
    return await schemaText(new DataApi(LOCAL_ARNS, client));
  } finally {
    client.destroy();
    await emulator.close();
  }
}
