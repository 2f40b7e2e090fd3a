/**
 * The whole system on one machine: the Data API emulator over embedded PGlite (or PostgreSQL
 * with DATABASE_URL), the dev token issuer, and the API gateway running the real handler
 * modules. The functions are configured only through the environment, exactly as in Lambda.
 */
import { join } from 'node:path';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { loadMigrations, migrate } from '../db/migrate';
import { DataApi } from '../functions/platform/data-api';
import { type HttpRoute, handlerEntry, httpRoutes } from '../functions/routes';
import { type DataApiEmulator, startDataApiEmulator } from './data-api/server';
import { createDevIssuer, DEV_AUDIENCE, DEV_ISSUER, type DevIssuer } from './dev-issuer';
import { type Gateway, startGateway } from './gateway';

export interface LocalStackOptions {
  port?: number;
  host?: string;
  /** Embedded data and the dev signing key live here; undefined keeps everything in memory. */
  dataDir?: string;
  databaseUrl?: string;
  corsAllowedOrigins?: readonly string[];
}

export interface LocalStack {
  readonly url: string;
  readonly apiUrl: string;
  readonly emulator: DataApiEmulator;
  readonly issuer: DevIssuer;
  readonly gateway: Gateway;
  close(): Promise<void>;
}

const REPO_ROOT = join(import.meta.dirname, '..');
const LOCAL_ARNS = {
  resourceArn: 'arn:aws:rds:us-east-1:000000000000:cluster:study-analytics-local',
  secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:study-analytics-local',
  database: 'study_analytics',
};

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const emulator = await startDataApiEmulator({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir && join(options.dataDir, 'pglite'),
  });
  const issuer = createDevIssuer(options.dataDir);
  const cors = options.corsAllowedOrigins ?? [];

  const gateway = await startGateway({
    port: options.port ?? 0,
    host: options.host,
    routes: httpRoutes,
    corsAllowedOrigins: cors,
    loadHandler: async (route: HttpRoute) =>
      (await import(join(REPO_ROOT, handlerEntry(route)))).handler,
    extra: (req, res) => {
      if (req.url !== '/.well-known/jwks.json') return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(issuer.jwks));
      return true;
    },
  });

  // The same variables infra sets on each Lambda, pointing the real SDK clients at the
  // stand-ins. Handlers read them at cold start, i.e. on their first request after this.
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_RDS_DATA: emulator.url,
    DATABASE_RESOURCE_ARN: LOCAL_ARNS.resourceArn,
    DATABASE_SECRET_ARN: LOCAL_ARNS.secretArn,
    DATABASE_NAME: LOCAL_ARNS.database,
    AUTH_ISSUER: DEV_ISSUER,
    AUTH_AUDIENCE: DEV_AUDIENCE,
    AUTH_JWKS_URI: `${gateway.url}/.well-known/jwks.json`,
    CORS_ALLOWED_ORIGINS: cors.join(','),
    POWERTOOLS_SERVICE_NAME: 'study-analytics',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  });

  const migrationClient = new RDSDataClient({ endpoint: emulator.url });
  await migrate(
    new DataApi(LOCAL_ARNS, migrationClient),
    loadMigrations(join(REPO_ROOT, 'db', 'migrations')),
  );
  migrationClient.destroy();

  return {
    url: gateway.url,
    apiUrl: `${gateway.url}/api/analytics`,
    emulator,
    issuer,
    gateway,
    async close() {
      await gateway.close();
      await emulator.close();
    },
  };
}
