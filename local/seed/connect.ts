/**
 * Where the seed writes: the Data API of a running `npm start` (which holds the embedded
 * database), else a Data API emulator started here over DATABASE_URL or the embedded database
 * in DATA_DIR. Every write goes through the Data API, as the functions' do.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { DataApi } from '../../functions/platform/data-api';
import { startDataApiEmulator } from '../data-api/server';
import { LOCAL_ARNS, LOCAL_SECRET_ROLES, prepareLocalDatabase } from '../stack';

export interface SeedTarget {
  db: DataApi;
  description: string;
  close(): Promise<void>;
}

// Local endpoints only: any region and credentials do.
const LOCAL_CLIENT = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function runningStack(dataDir: string): { dataApiUrl: string; apiUrl: string } | undefined {
  const file = join(dataDir, 'local-stack.json');
  if (!existsSync(file)) return undefined;
  const info = JSON.parse(readFileSync(file, 'utf8')) as {
    pid: number;
    dataApiUrl: string;
    apiUrl: string;
  };
  return isAlive(info.pid) ? info : undefined;
}

export async function openSeedTarget(): Promise<SeedTarget> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  const stack = databaseUrl ? undefined : runningStack(dataDir);
  if (stack) {
    const client = new RDSDataClient({ ...LOCAL_CLIENT, endpoint: stack.dataApiUrl });
    return {
      db: new DataApi(LOCAL_ARNS, client),
      description: `the running stack at ${stack.apiUrl}`,
      async close() {
        client.destroy();
      },
    };
  }
  const emulator = await startDataApiEmulator({
    databaseUrl,
    dataDir: databaseUrl ? undefined : join(dataDir, 'pglite'),
    // Bulk statements of a large seed take longer than a request would.
    statementTimeoutMs: 10 * 60_000,
    secretRoles: LOCAL_SECRET_ROLES,
    database: LOCAL_ARNS.database,
  });
  await prepareLocalDatabase(new RDSDataClient({ ...LOCAL_CLIENT, endpoint: emulator.url }));
  const client = new RDSDataClient({ ...LOCAL_CLIENT, endpoint: emulator.url, maxAttempts: 1 });
  // The seed writes as the master user, as a data import would.
  const db = new DataApi(LOCAL_ARNS, client);
  return {
    db,
    description: databaseUrl ? 'DATABASE_URL' : `the embedded database in ${dataDir}`,
    async close() {
      client.destroy();
      await emulator.close();
    },
  };
}
