/** `npm start`: the whole system on this machine, no Docker, no AWS account. */
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listEnv } from '../functions/platform/config';
import { startLocalStack } from './stack';
import { ensureWebBuild } from './web-assets';

const port = Number(process.env.PORT ?? 8012);
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const databaseUrl = process.env.DATABASE_URL || undefined;

await ensureWebBuild();
const stack = await startLocalStack({
  port,
  host: process.env.HOST ?? '127.0.0.1',
  dataDir,
  databaseUrl,
  schedules: 'auto',
  sesPort: Number(process.env.SES_PORT ?? 8005),
  functionEnv: process.env.GAMIFICATION_URL
    ? { GAMIFICATION_URL: process.env.GAMIFICATION_URL }
    : {},
  corsAllowedOrigins: listEnv('CORS_ALLOWED_ORIGINS').length
    ? listEnv('CORS_ALLOWED_ORIGINS')
    : [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
});

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
console.log(`Study Analytics is running.

  Dashboard  ${stack.url}/ (signed in as "demo"; npm run seed -- --demo fills it)
  API        ${stack.apiUrl}
  Health     ${stack.apiUrl}/health
  OpenAPI    ${stack.apiUrl}/openapi.json
  Events     ${stack.url}/_local/events (bus ${stack.bus.name}; failed invocations: npm run dlq -- list)
  Schedules  POST ${stack.url}/_local/schedules/<${stack.scheduler.names.join('|')}>/run
  Inbox      ${stack.ses.url}/ (emails sent by the local SES)
  Data API   ${stack.emulator.url} (${databaseUrl ? 'PostgreSQL from DATABASE_URL' : `embedded PGlite in ${dataDir}`})

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
