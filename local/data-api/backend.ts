import type pg from 'pg';

/** One column of a result as the wire protocol describes it. */
export interface ResultField {
  name: string;
  tableID: number;
  columnID: number;
  dataTypeID: number;
  dataTypeModifier: number;
}

/** A statement's outcome with every value as the raw text Postgres sent. */
export interface RawResult {
  command: string;
  rowCount: number | null;
  /** Present (possibly empty) only when the statement returns rows. */
  fields: ResultField[] | undefined;
  rows: (string | null)[][];
}

/** One database connection, used by one caller at a time. */
export interface Session {
  query(text: string, values?: (string | null)[]): Promise<RawResult>;
}

/** Where statements run: a PGlite instance or a PostgreSQL server. */
export interface Backend {
  /**
   * True when a running statement blocks this process (PGlite), so nothing can interrupt it;
   * false for a server connection, which can be cancelled while the statement runs.
   */
  readonly blocking: boolean;
  /**
   * Runs `work` on a connection outside any transaction (each statement commits on its own)
   * and gives the connection back afterwards. `atomic` (blocking backends only) runs the work
   * inside BEGIN … COMMIT, rolled back when it throws, so a statement found too slow after it
   * returned can still be undone.
   */
  autoCommit<T>(work: (session: Session) => Promise<T>, options?: { atomic?: boolean }): Promise<T>;
  /** Cancels the statement running on `session` (a server connection), as a timeout would. */
  cancel(session: Session): Promise<void>;
  /** A connection reserved until `release` is called, for an explicit transaction. */
  reserve(): Promise<{ session: Session; release: (broken?: boolean) => void }>;
  /** PGlite only: the whole data directory, to start other in-memory databases from. */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

/**
 * pg type parsers that hand back the raw text, so the emulator controls every format. Set on
 * the client, not per query: PGlite's protocol adapter reads a per-query `types` as parameter
 * types.
 */
export const RAW_TEXT_TYPES = {
  getTypeParser: () => (value: string) => value,
};

/** Settings every connection gets, as on Aurora: UTC and ISO output. */
export const SESSION_SETUP = ["SET TimeZone = 'UTC'", "SET DateStyle = 'ISO, MDY'"];

/** Runs one statement on a pg client and keeps only what the emulator needs. */
export async function runOnClient(
  client: pg.ClientBase,
  text: string,
  values: (string | null)[] | undefined,
): Promise<RawResult> {
  const result = await client.query({
    text,
    // An empty list makes pg use the simple protocol, which is fine for parameterless SQL.
    values: values && values.length > 0 ? values : undefined,
    rowMode: 'array',
  } as pg.QueryArrayConfig);
  // pg exposes fields as [] both for "no result set" and for zero columns; the command tells.
  const returnsRows = result.fields.length > 0 || result.command === 'SELECT';
  return {
    command: result.command ?? '',
    rowCount: result.rowCount,
    fields: returnsRows
      ? result.fields.map((f) => ({
          name: f.name,
          tableID: f.tableID,
          columnID: f.columnID,
          dataTypeID: f.dataTypeID,
          dataTypeModifier: f.dataTypeModifier,
        }))
      : undefined,
    rows: result.rows as (string | null)[][],
  };
}

const sessions = new WeakMap<pg.ClientBase, Session>();

/** Wraps a pg client as a Session, the same one for every use of that connection. */
export const clientSession = (client: pg.ClientBase): Session => {
  let session = sessions.get(client);
  if (!session) {
    session = { query: (text, values) => runOnClient(client, text, values) };
    sessions.set(client, session);
  }
  return session;
};
