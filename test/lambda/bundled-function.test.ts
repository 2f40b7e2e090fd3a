/**
 * A function bundled as deployed (infra/bundling.ts: everything bundled, the SDK's default
 * credential chain replaced by environment credentials, no event-stream codec), loaded in a
 * fresh Node.js process with only a function's environment, and calling the Data API emulator
 * through the real SDK client. Lambda gives a function its role's credentials in
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN:
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDataApi, TEST_ARNS, type TestDataApi } from '../../local/data-api/test-harness';
import { bundleFunctions, type FunctionBundle } from '../bench/bundles';

const run = promisify(execFile);

let api: TestDataApi;
let dir: string;
let bundle: FunctionBundle;
let probe: string;

beforeAll(async () => {
  api = await startTestDataApi();
  dir = mkdtempSync(join(tmpdir(), 'bundled-function-'));
  [bundle] = (await bundleFunctions(
    dir,
    [{ name: 'select-one', kind: 'http', entry: 'test/fixtures/functions/select-one.ts' }],
    false,
  )) as [FunctionBundle];
  probe = join(dir, 'invoke.mjs');
  writeFileSync(
    probe,
    `const { handler } = await import(${JSON.stringify(bundle.file)});\n` +
      'try { console.log(JSON.stringify(await handler())); }\n' +
      'catch (err) { console.log(JSON.stringify({ failed: err.message })); }\n',
  );
});

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await api?.close();
});

/** Invokes the bundle once in a fresh process whose whole environment is `env`. */
async function invoke(env: Record<string, string>): Promise<unknown> {
  const { stdout } = await run(process.execPath, ['--enable-source-maps', probe], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_RDS_DATA: api.emulator.url,
      DATABASE_RESOURCE_ARN: TEST_ARNS.resourceArn,
      DATABASE_SECRET_ARN: TEST_ARNS.secretArn,
      // The emulator's database: the server's in DATABASE_URL, else embedded PGlite's.
      DATABASE_NAME: process.env.DATABASE_URL
        ? new URL(process.env.DATABASE_URL).pathname.slice(1)
        : 'postgres',
      ...env,
    },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
}

describe('a deployed bundle', () => {
  it('reaches the Data API with the credentials in its environment', async () => {
    expect(await invoke({ AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' })).toEqual({
      one: 1,
    });
  });

  it('looks for credentials nowhere else: without them it fails naming the variables', async () => {
    expect(await invoke({})).toEqual({
      failed: 'Missing AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set',
    });
  });
});
