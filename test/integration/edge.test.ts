/**
 * What stops a request before it does harm: the gateway's JWT authorizer (no function runs for
 * a bad token) and the database roles behind each function's secret, which the Data API
 * emulator enforces as Aurora does.
 */
import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { DATABASE_ROLES, setRolePassword } from '../../db/roles';
import { DataApi } from '../../functions/platform/data-api';
import { withEnvironment } from '../../local/function-env';
import { handlerLoader, lambdaContext } from '../../local/lambda';
import { LOCAL_ARNS, LOCAL_ROLE_SECRETS } from '../../local/stack';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
let client: RDSDataClient;
const as = (secretArn: string) => new DataApi({ ...LOCAL_ARNS, secretArn }, client);

beforeAll(async () => {
  env = await startOwnStack();
  client = new RDSDataClient({ endpoint: env.stack.emulator.url });
});

afterAll(async () => {
  client?.destroy();
  await env?.close();
});

const invocations = () => env.stack.gateway.invocations()['list-sessions'] ?? 0;

async function listSessions(authorization?: string) {
  const res = await fetch(`${env.stack.apiUrl}/sessions`, {
    headers: authorization === undefined ? {} : { authorization },
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
describe('the gateway’s JWT authorizer', () => {
  it.each([
    ['no token', undefined],
    ['an expired token', () => `Bearer ${env.stack.issuer.token({ user: 'u', expiresIn: -60 })}`],
    ['another audience', () => `Bearer ${env.stack.issuer.token({ user: 'u', audience: 'x' })}`],
    [
      'another issuer',
      () => `Bearer ${env.stack.issuer.token({ user: 'u', issuer: 'https://evil.example' })}`,
    ],
    [
      'an unsigned token',
      () => `Bearer ${env.stack.issuer.token({ user: 'u', header: { alg: 'none' } })}`,
    ],
    ['garbage', 'Bearer not.a.jwt'],
  ])('answers %s with API Gateway’s 401 and invokes no function', async (_label, header) => {
    const before = invocations();
    const res = await listSessions(typeof header === 'function' ? header() : header);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unauthorized' });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer scope="" error="invalid_token"/);
    expect(invocations()).toBe(before);
  });

  it('invokes the function once for a valid token', async () => {
    const before = invocations();
    const res = await listSessions(`Bearer ${env.stack.issuer.token({ user: 'edge-valid' })}`);
    expect(res.status).toBe(200);
    expect(invocations()).toBe(before + 1);
  });

  it('leaves public routes to their function', async () => {
    const res = await fetch(`${env.stack.apiUrl}/health`);
    expect(res.status).toBe(200);
    expect(env.stack.gateway.invocations().health).toBeGreaterThan(0);
  });
});

const sqlError = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (err: Error) => err,
  );
  expect(error, 'the statement should have failed').toBeInstanceOf(Error);
  return error as Error;
};

// The Data API logs in with the credentials of the secret it is given, so a statement has that
// user's privileges and role settings; a secret it cannot read is a SecretsErrorException.
// https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/data-api.html
// https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/API_ExecuteStatement.html
describe('database roles behind the secrets', () => {
  it('logs each secret in as its role, with that role’s statement timeout', async () => {
    const whoami =
      'SELECT current_user AS "user", current_setting(\'statement_timeout\') AS timeout';
    expect((await as(LOCAL_ROLE_SECRETS.api).query(whoami)).rows).toEqual([
      { user: DATABASE_ROLES.api.name, timeout: DATABASE_ROLES.api.statementTimeout },
    ]);
    expect((await as(LOCAL_ROLE_SECRETS.batch).query(whoami)).rows).toEqual([
      { user: DATABASE_ROLES.batch.name, timeout: DATABASE_ROLES.batch.statementTimeout },
    ]);
    // Back to the master, whose connection setting the roles' timeouts did not leak into.
    const master = await as(LOCAL_ARNS.secretArn).query<{ user: string; timeout: string }>(whoami);
    expect(master.rows[0]?.user).not.toMatch(/^study_analytics_/);
    expect(master.rows[0]?.timeout).not.toBe(DATABASE_ROLES.api.statementTimeout);
  });

  // The backstop itself: PostgreSQL cancels an API statement that runs past the role's
  // timeout. The embedded database (PGlite, single-threaded WebAssembly) has no timer to cancel
  // a running statement, so locally only the setting can be checked there (above).
  it.runIf(process.env.DATABASE_URL)(
    'cancels an API statement that runs past the role’s timeout',
    async () => {
      const error = await sqlError(as(LOCAL_ROLE_SECRETS.api).query('SELECT pg_sleep(6)'));
      expect(error.name).toBe('DatabaseErrorException');
      expect(error.message).toMatch(/statement timeout/);
    },
  );

  it('refuses a secret it does not know, as the Data API does', async () => {
    const error = await sqlError(
      as('arn:aws:secretsmanager:us-east-1:000000000000:secret:nobody').query('SELECT 1'),
    );
    expect(error.name).toBe('SecretsErrorException');
  });

  it('gives the API role DML on application tables only, and no way to erase a ledger', async () => {
    const api = as(LOCAL_ROLE_SECRETS.api);
    await api.query("SELECT count(*) FROM study_sessions WHERE user_id = 'edge-nobody'");
    for (const statement of [
      'SELECT count(*) FROM schema_migrations',
      'DELETE FROM points_ledger WHERE false',
      'DELETE FROM outbox WHERE false',
      'CREATE TABLE edge_probe (id int)',
      'TRUNCATE study_sessions',
    ]) {
      const error = await sqlError(api.query(statement));
      expect(error.message, statement).toMatch(/permission denied|must be owner/);
    }
  });

  it('lets no role become another', async () => {
    for (const statement of [
      'RESET ROLE',
      'SET ROLE postgres',
      "SELECT set_config('role', 'none', false)",
    ]) {
      const error = await sqlError(as(LOCAL_ROLE_SECRETS.api).query(statement));
      expect(error.message, statement).toMatch(/permission denied to set role/);
    }
  });

  it('fails a function given the wrong role’s secret, and runs it with its own', async () => {
    // Housekeeping deletes old idempotency keys: a batch job's right, not the API role's.
    const handler = await handlerLoader()('functions/schedule/housekeeping.ts');
    const run = (secretArn: string) =>
      withEnvironment(handler, { DATABASE_SECRET_ARN: secretArn })(
        {} as never,
        lambdaContext('housekeeping', 60_000),
      );
    const error = await sqlError(run(LOCAL_ROLE_SECRETS.api));
    expect(error.message).toMatch(/permission denied for table/);
    await expect(run(LOCAL_ROLE_SECRETS.batch)).resolves.toBeDefined();
  });

  it('lets only the migrator change the schema', async () => {
    const probe = [{ name: '999_edge_probe', sql: 'CREATE TABLE edge_probe (id int)' }];
    for (const secret of [LOCAL_ROLE_SECRETS.api, LOCAL_ROLE_SECRETS.batch]) {
      const error = await sqlError(migrate(as(secret), probe));
      expect(error.message).toMatch(/permission denied/);
    }
  });

  it('changes a role’s password through the Data API without the password in the statement', async () => {
    const read = () =>
      as(LOCAL_ARNS.secretArn).query<{ password: string | null }>(
        `SELECT rolpassword AS password FROM pg_authid WHERE rolname = '${DATABASE_ROLES.batch.name}'`,
      );
    const before = (await read()).rows[0]?.password;
    await setRolePassword(as(LOCAL_ARNS.secretArn), DATABASE_ROLES.batch.name, `pw-${Date.now()}`);
    const after = (await read()).rows[0]?.password;
    expect(after).toMatch(/^(SCRAM-SHA-256|md5)/);
    expect(after).not.toBe(before);
  });

  it.runIf(Boolean(process.env.DATABASE_URL))(
    'cancels an API statement that outlives the role’s timeout (PostgreSQL server)',
    async () => {
      const error = await sqlError(
        client.send(
          new ExecuteStatementCommand({
            ...LOCAL_ARNS,
            secretArn: LOCAL_ROLE_SECRETS.api,
            sql: 'SELECT pg_sleep(6)',
          }),
        ),
      );
      expect(error.message).toMatch(/statement timeout/);
    },
  );
});
