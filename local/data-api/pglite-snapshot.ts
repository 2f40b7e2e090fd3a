import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** The installed PGlite version, so a snapshot made by another version is never loaded. */
function pgliteVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@electric-sql/pglite');
    // Resolves to <package>/dist/index.*; package.json sits one level up from dist.
    const manifest = require(join(dirname(dirname(entry)), 'package.json')) as { version?: string };
    return manifest.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const snapshotFile = () =>
  join(tmpdir(), `data-api-emulator-pglite-${pgliteVersion()}-initdb.tar.gz`);

/**
 * An in-memory PGlite: a copy of `image` (a data directory from `dumpDataDir`, e.g. an already
 * migrated database), or else an empty cluster. Creating an empty one runs initdb (about 2 s);
 * loading the freshly initialised cluster from a cached snapshot takes a fraction of that, which
 * matters when every test file starts its own emulator.
 */
export async function openInMemoryPglite(image?: Blob): Promise<PGlite> {
  if (image) {
    const db = new PGlite({ loadDataDir: image });
    await db.waitReady;
    return db;
  }
  const file = snapshotFile();
  const cached = await readFile(file).catch(() => undefined);
  if (cached) {
    const db = new PGlite({ loadDataDir: new Blob([cached]) });
    try {
      await db.waitReady;
      return db;
    } catch {
      // An unusable snapshot (e.g. cut short): fall through and replace it.
      await db.close().catch(() => {});
    }
  }
  const db = new PGlite();
  await db.waitReady;
  try {
    const dump = await db.dumpDataDir('gzip');
    // Written aside and renamed, so concurrent starts never read a half-written file.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file).catch(() => rm(partial, { force: true }));
  } catch {
    // The cache only saves time; without it every start runs initdb.
  }
  return db;
}
