import pg from 'pg';
import {
  type Backend,
  clientSession,
  RAW_TEXT_TYPES,
  SESSION_SETUP,
  type Session,
} from './backend';
import { DataApiError, isPostgresError } from './errors';

export interface PostgresBackendOptions {
  databaseUrl: string;
  /** Pool size: concurrent auto-commit statements plus open transactions. */
  maxConnections?: number;
}

/** A PostgreSQL server through a pg pool: auto-commit statements run concurrently. */
export async function createPostgresBackend(options: PostgresBackendOptions): Promise<Backend> {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
    types: RAW_TEXT_TYPES,
  } as unknown as pg.PoolConfig);
  // The service's own 45 s wait is the emulator's (statement-timeout.ts), not a server setting.
  const setup = SESSION_SETUP;
  /** Each pooled connection's server process, to cancel its statement from another one. */
  const processIds = new WeakMap<pg.PoolClient, number>();
  const bySession = new WeakMap<Session, pg.PoolClient>();
  const prepared = new WeakSet<pg.PoolClient>();
  /** A pooled client with the session settings applied once, before its first use. */
  const connect = async (): Promise<pg.PoolClient> => {
    const client = await pool.connect();
    if (!prepared.has(client)) {
      client.on('error', () => {});
      try {
        for (const statement of setup) await client.query(statement);
        const pid = await client.query({ text: 'SELECT pg_backend_pid()', rowMode: 'array' });
        processIds.set(client, Number(pid.rows[0]?.[0]));
      } catch (error) {
        client.release(true);
        throw error;
      }
      prepared.add(client);
      bySession.set(clientSession(client), client);
    }
    return client;
  };
  // An idle pooled client losing its connection must not crash the process.
  pool.on('error', () => {});
  // Fail fast on a bad URL rather than on the first request.
  (await connect()).release();

  return {
    blocking: false,
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
    async cancel(session) {
      const client = bySession.get(session);
      const pid = client && processIds.get(client);
      if (!pid) return;
      // On its own connection: the pool may be full of busy ones.
      const canceller = new pg.Client({ connectionString: options.databaseUrl });
      canceller.on('error', () => {});
      await canceller.connect();
      try {
        await canceller.query('SELECT pg_cancel_backend($1)', [pid]);
      } finally {
        await canceller.end();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
