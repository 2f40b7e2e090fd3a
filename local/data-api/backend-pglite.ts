import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import {
  type Backend,
  clientSession,
  RAW_TEXT_TYPES,
  SESSION_SETUP,
  type Session,
} from './backend';
import { FifoMutex } from './mutex';
import { openInMemoryPglite } from './pglite-snapshot';

/**
 * Embedded PGlite. It has a single connection, so access is serialised: an auto-commit
 * statement holds the lock for its duration, a transaction from BeginTransaction until it
 * ends, and everyone else waits in arrival order.
 */
export async function createPgliteBackend(dataDir?: string, image?: Blob): Promise<Backend> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = dataDir ? new PGlite(dataDir) : await openInMemoryPglite(image);
  await db.waitReady;
  // pg's client over PGlite's protocol adapter gives the full row description (table and column
  // ids, type modifiers) and raw text values, the same as a server connection does.
  const client = new pg.Client({
    ...createPgConfig(db),
    types: RAW_TEXT_TYPES,
  } as unknown as pg.ClientConfig);
  // Without a listener an 'error' event would take the whole process down.
  client.on('error', () => {});
  await client.connect();
  for (const statement of SESSION_SETUP) await client.query(statement);
  const direct = clientSession(client);
  const session: Session = {
    async query(text, values) {
      try {
        return await direct.query(text, values);
      } finally {
        // PGlite runs on this thread and blocks it while a statement executes. Yielding a
        // macrotask afterwards lets the server read requests that arrived meanwhile before this
        // call completes, as a real server would (e.g. a second statement on a busy transaction).
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    },
  };
  const lock = new FifoMutex();

  return {
    blocking: true,
    async autoCommit(work, options) {
      const release = await lock.acquire();
      try {
        if (!options?.atomic) return await work(session);
        // Straight on the connection: no yield is needed around transaction control.
        await direct.query('BEGIN');
        let result: Awaited<ReturnType<typeof work>>;
        try {
          result = await work(session);
        } catch (error) {
          await direct.query('ROLLBACK');
          throw error;
        }
        await direct.query('COMMIT');
        return result;
      } finally {
        release();
      }
    },
    async cancel() {
      // Nothing runs concurrently with a PGlite statement; see `blocking`.
    },
    async reserve() {
      const release = await lock.acquire();
      return { session, release: () => release() };
    },
    async dump() {
      const release = await lock.acquire();
      try {
        // Uncompressed: loading it back is faster than unpacking gzip.
        return await db.dumpDataDir('none');
      } finally {
        release();
      }
    },
    async close() {
      // Wait for whoever holds the lock so PGlite shuts down cleanly (and flushes to dataDir).
      const release = await lock.acquire();
      try {
        await client.end();
        await db.close();
      } finally {
        release();
      }
    },
  };
}
