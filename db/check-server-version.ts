/**
 * `tsx db/check-server-version.ts <postgres url>`: exits non-zero, saying why, when the server is
 * newer than the Aurora PostgreSQL engine infra deploys (CI runs it before its PostgreSQL pass).
 */
import pg from 'pg';
import { auroraPostgresMajor, newerThanDeployed } from '../infra/engine-version';

const url = process.argv[2];
if (!url) {
  console.error('usage: tsx db/check-server-version.ts <postgres url>');
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const { rows } = await client.query<{ v: string }>(
    "SELECT current_setting('server_version_num') AS v",
  );
  const version = Number(rows[0]?.v);
  const problem = newerThanDeployed(version, auroraPostgresMajor());
  if (problem) {
    console.error(`PostgreSQL server check failed: ${problem}`);
    process.exitCode = 1;
  } else {
    console.log(
      `PostgreSQL server ${Math.floor(version / 10_000)} is no newer than the deployed Aurora PostgreSQL ${auroraPostgresMajor()}`,
    );
  }
} finally {
  await client.end();
}
