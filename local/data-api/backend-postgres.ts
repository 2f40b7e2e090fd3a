import pg from 'pg';
import { type Backend, clientSession, RAW_TEXT_TYPES, SESSION_SETUP } from './backend';
import { DataApiError, isPostgresError } from './errors';

export interface PostgresBackendOptions {
  databaseUrl: string;
  /** Pool size: concurrent auto-commit statements plus open transactions. */
  maxConnections?: number;
  /** Server-side statement_timeout; the service stops waiting after 45 s. */
  statementTimeoutMs?: number;
}

/** A PostgreSQL server through a pg pool: auto-commit statements run concurrently. */
export async function createPostgresBackend(options: PostgresBackendOptions): Promise<Backend> {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
    types: RAW_TEXT_TYPES,
  } as unknown as pg.PoolConfig);
  const setup = [
    ...SESSION_SETUP,
    `SET statement_timeout = ${options.statementTimeoutMs ?? 45_000}`,
  ];
  const prepared = new WeakSet<pg.PoolClient>();
  /** A pooled client with the session settings applied once, before its first use. */
  const connect = async (): Promise<pg.PoolClient> => {
    const client = await pool.connect();
    if (!prepared.has(client)) {
      client.on('error', () => {});
      try {
        for (const statement of setup) await client.query(statement);
      } catch (error) {
        client.release(true);
        throw error;
      }
      prepared.add(client);
    }
    return client;
  };
  // An idle pooled client losing its connection must not crash the process.
  pool.on('error', () => {});
  // Fail fast on a bad URL rather than on the first request.
  (await connect()).release();

  return {
    async autoCommit(work) {
      const client = await connect();
      let broken = false;
      try {
        return await work(clientSession(client));
      } catch (error) {
        // Server-reported and emulator errors leave the connection usable; others may not.
        broken = !(error instanceof DataApiError) && !isPostgresError(error);
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async reserve() {
      const client = await connect();
      return {
        session: clientSession(client),
        release: (broken?: boolean) => client.release(broken === true),
      };
    },
    async close() {
      await pool.end();
    },
  };
}
