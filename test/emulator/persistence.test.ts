/**
 * dataDir is a PGlite feature, so this file always uses PGlite, whatever DATABASE_URL says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecuteStatementCommand } from '@aws-sdk/client-rds-data';
import { afterAll, describe, expect, it } from 'vitest';
import { startDataApiEmulator } from '../../local/data-api/server';
import { emulatorClient, TEST_ARNS } from '../../local/data-api/test-harness';

const root = mkdtempSync(join(tmpdir(), 'data-api-emulator-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function withEmulator<T>(
  dataDir: string,
  work: (run: (sql: string) => Promise<unknown>) => Promise<T>,
) {
  const emulator = await startDataApiEmulator({ dataDir });
  const client = emulatorClient(emulator.url);
  try {
    return await work(async (sql) => {
      const out = await client.send(new ExecuteStatementCommand({ ...TEST_ARNS, sql }));
      return out.records;
    });
  } finally {
    client.destroy();
    await emulator.close();
  }
}

describe('dataDir', () => {
  it('creates the directory and keeps data across restarts', async () => {
    const dataDir = join(root, 'nested', 'pglite');
    await withEmulator(dataDir, async (run) => {
      await run('CREATE TABLE kept (v text)');
      await run("INSERT INTO kept VALUES ('still here')");
    });
    const records = await withEmulator(dataDir, (run) => run('SELECT v FROM kept'));
    expect(records).toEqual([[{ stringValue: 'still here' }]]);
  });
});
