import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RDSDataClient,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import type * as z from '../contracts/zod';
import type { Schema } from '../contracts/zod';
import { isDatabaseResuming } from './database-errors';
import { environmentCredentials } from './environment-credentials';
import { currentRequestContext } from './request-context';
import { type Row, toRows } from './sql-rows';
import { type SqlParams, toSqlParameter } from './sql-values';

export interface DataApiTarget {
  readonly resourceArn: string;
  readonly secretArn: string;
  readonly database: string;
}

export interface QueryResult<T> {
  readonly rows: T[];
  /** Rows changed by an INSERT/UPDATE/DELETE without RETURNING. */
  readonly updated: number;
}

export interface Queryable {
  /** Rows parsed by `rows`, a zod schema of one row: a row that does not match is a bug, thrown. */
  query<S extends Schema>(
    sql: string,
    params: SqlParams,
    rows: S,
  ): Promise<QueryResult<z.output<S>>>;
  /** Rows as the Data API gave them, unchecked (statements whose rows nothing reads). */
  query<T = Row>(sql: string, params?: SqlParams): Promise<QueryResult<T>>;
}

/**
 * Checks rows against their schema at the data boundary, so a column renamed or retyped in SQL
 * fails here, naming the column, instead of reaching an answer as the wrong shape.
 */
export function parseRows<S extends Schema>(schema: S, rows: readonly Row[]): z.output<S>[] {
  return rows.map((row, index) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new Error(
      `Row ${index} does not match its schema: ${issue?.path.join('.') || '(row)'} ${issue?.message}`,
    );
  });
}

/** The one row a statement always answers (a report, an upsert's RETURNING). */
export async function queryOne<S extends Schema>(
  db: Queryable,
  sql: string,
  params: SqlParams,
  what: string,
  rows: S,
): Promise<z.output<S>>;
export async function queryOne<T = Row>(
  db: Queryable,
  sql: string,
  params: SqlParams,
  what: string,
): Promise<T>;
export async function queryOne(
  db: Queryable,
  sql: string,
  params: SqlParams,
  what: string,
  rows?: Schema,
): Promise<unknown> {
  const result = rows ? await db.query(sql, params, rows) : await db.query(sql, params);
  if (!result.rows[0]) throw new Error(`${what} returned no row`);
  return result.rows[0];
}

const RESUME_FIRST_DELAY_MS = 250;
const RESUME_MAX_DELAY_MS = 4_000;
/** Leave the function this long to answer after the last retry gives up. */
const DEADLINE_MARGIN_MS = 1_000;
/** Outside an invocation (migrations from a script) allow a full Aurora resume (~15 s). */
const DEFAULT_BUDGET_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export { isDatabaseResuming };

/** Postgres SQLSTATE carried in a DatabaseErrorException message (`...; SQLState: 23505`). */
export function sqlStateOf(err: unknown): string | undefined {
  if (!(err instanceof Error) || err.name !== 'DatabaseErrorException') return undefined;
  return /SQLState: ([0-9A-Z]{5})/.exec(err.message)?.[1];
}

/**
 * The one way code reaches Aurora: the RDS Data API. Takes named parameters as JS values, returns
 * rows as objects, and retries `DatabaseResumingException` (Aurora waking from 0 ACU, which the
 * SDK does not retry) with backoff for as long as the invocation has time left.
 */
export class DataApi implements Queryable {
  constructor(
    private readonly target: DataApiTarget,
    private readonly client: RDSDataClient = new RDSDataClient({
      credentials: environmentCredentials,
    }),
  ) {}

  /** Auto-commit statements, each retried while Aurora resumes. */
  readonly query: Queryable['query'] = this.statementsIn(undefined).query;

  /** `execute` as a Queryable: the overloads are declared once, on Queryable. */
  private statementsIn(transactionId: string | undefined): Queryable {
    return {
      query: (sql: string, params: SqlParams = {}, rows?: Schema) =>
        this.execute(sql, params, transactionId, rows),
    } as Queryable;
  }

  /**
   * Runs `work` in a transaction. Only for work that cannot be one statement (migrations): each
   * statement is a network round trip, so request handlers prefer a single CTE statement.
   */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const { transactionId } = await this.withResumeRetry(() =>
      this.client.send(new BeginTransactionCommand(this.baseInput())),
    );
    const tx = this.statementsIn(transactionId);
    try {
      const result = await work(tx);
      await this.client.send(new CommitTransactionCommand({ ...this.arns(), transactionId }));
      return result;
    } catch (err) {
      await this.client
        .send(new RollbackTransactionCommand({ ...this.arns(), transactionId }))
        .catch(() => undefined); // the original error matters more than a failed rollback
      throw err;
    }
  }

  private async execute(
    sql: string,
    params: SqlParams,
    transactionId?: string,
    schema?: Schema,
  ): Promise<QueryResult<unknown>> {
    const parameters = Object.entries(params).map(([name, value]) => toSqlParameter(name, value));
    const command = new ExecuteStatementCommand({
      ...this.baseInput(),
      sql,
      parameters,
      transactionId,
      includeResultMetadata: true,
    });
    // Inside a transaction Aurora is awake already; a resume error there means the transaction
    // is gone, so only auto-commit statements are retried.
    const output = transactionId
      ? await this.client.send(command)
      : await this.withResumeRetry(() => this.client.send(command));
    const rows = toRows(output.records, output.columnMetadata);
    return {
      rows: schema ? parseRows(schema, rows) : rows,
      updated: output.numberOfRecordsUpdated ?? 0,
    };
  }

  private async withResumeRetry<T>(call: () => Promise<T>): Promise<T> {
    const deadline = currentRequestContext()?.deadline ?? Date.now() + DEFAULT_BUDGET_MS;
    let delay = RESUME_FIRST_DELAY_MS;
    for (;;) {
      try {
        return await call();
      } catch (err) {
        const wait = delay + Math.floor(Math.random() * delay * 0.2);
        if (!isDatabaseResuming(err) || Date.now() + wait > deadline - DEADLINE_MARGIN_MS) {
          throw err;
        }
        await sleep(wait);
        delay = Math.min(delay * 2, RESUME_MAX_DELAY_MS);
      }
    }
  }

  private arns() {
    return { resourceArn: this.target.resourceArn, secretArn: this.target.secretArn };
  }

  private baseInput() {
    return { ...this.arns(), database: this.target.database };
  }
}
