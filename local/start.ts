/** `npm start`: the whole system on this machine, no Docker, no AWS account. */
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listEnv } from '../functions/platform/config';
import { startLocalStack } from './stack';
import { ensureWebBuild } from './web-assets';

/** Each local port, the variable that sets it and its default (0 picks a free port). */
const PORTS = { PORT: 8012, SES_PORT: 8005, DATA_API_PORT: 0 } as const;
const portOf = (name: keyof typeof PORTS) => {
  const value = process.env[name] ?? String(PORTS[name]);
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
    console.error(`${name}=${value} is not a port number (0–65535).`);
    process.exit(1);
  }
  return Number(value);
};
const port = portOf('PORT');
const sesPort = portOf('SES_PORT');
const dataApiPort = portOf('DATA_API_PORT');
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const databaseUrl = process.env.DATABASE_URL || undefined;

const startedAt = Date.now();
const progress = (step: string) =>
  console.error(`[local] ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(3)} s  ${step}…`);

/** A taken port is one line naming the variable to change, not a stack trace. */
function explainStartFailure(error: unknown): never {
  const { code, port: taken } = error as { code?: string; port?: number };
  if (code === 'EADDRINUSE') {
    const name = (Object.keys(PORTS) as (keyof typeof PORTS)[]).find(
      (key) => portOf(key) === taken,
    );
    console.error(
      `Port ${taken} is already in use${name ? `: set ${name} to a free port (e.g. ${name}=${(taken ?? 0) + 1} npm start)` : ''}.`,
    );
    process.exit(1);
  }
  throw error;
}

progress('checking the dashboard build');
await ensureWebBuild((message) => progress(message.replace(/^\[local\] /, '').replace(/…$/, '')));
const stack = await startLocalStack({
  port,
  host: process.env.HOST ?? '127.0.0.1',
  dataDir,
  databaseUrl,
  schedules: 'auto',
  sesPort,
  dataApiPort,
  progress,
  functionEnv: process.env.GAMIFICATION_URL
    ? { GAMIFICATION_URL: process.env.GAMIFICATION_URL }
    : {},
  corsAllowedOrigins: listEnv('CORS_ALLOWED_ORIGINS').length
    ? listEnv('CORS_ALLOWED_ORIGINS')
    : [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
}).catch(explainStartFailure);

// Lets `npm run seed` find this stack's Data API while it holds the embedded database.
const stackInfo = join(dataDir, 'local-stack.json');
writeFileSync(
  stackInfo,
  JSON.stringify({
    pid: process.pid,
    apiUrl: stack.apiUrl,
    dataApiUrl: stack.emulator.url,
    // For `npm run dlq`: the on-failure queues and Lambda's Invoke API.
    sqsUrl: stack.queues.url,
    lambdaUrl: stack.lambdaApiUrl,
  }),
);

const token = stack.issuer.token({ user: 'demo' });
console.log(`Study Analytics is running (started in ${((Date.now() - startedAt) / 1000).toFixed(0)} s).

  Dashboard  ${stack.url}/ (signed in as "demo"; npm run seed -- --demo fills it)
  API        ${stack.apiUrl}
  Health     ${stack.apiUrl}/health
  OpenAPI    ${stack.apiUrl}/openapi.json
  Events     ${stack.url}/_local/events (bus ${stack.bus.name}; failed invocations: npm run dlq -- list)
  Schedules  POST ${stack.url}/_local/schedules/<${stack.scheduler.names.join('|')}>/run
  Inbox      ${stack.ses.url}/ (emails sent by the local SES)
  Data API   ${stack.emulator.url} (${databaseUrl ? 'PostgreSQL from DATABASE_URL' : `embedded PGlite in ${dataDir}`}; DATA_API_PORT sets its port)
  Event bus  ${stack.bus.url}

Demo token (user "demo", valid 12 h; another user: npm run -s token -- --user <sub>):

  export TOKEN=${token}
`);

const stop = async () => {
  rmSync(stackInfo, { force: true });
  await stack.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
