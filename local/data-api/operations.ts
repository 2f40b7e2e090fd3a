import { splitStatements } from '../../db/split-statements';
import type { Backend, Session } from './backend';
import { type BoundStatement, bindParameters } from './bind-parameters';
import { DataApiError, invalidInput, statementTimeout } from './errors';
import {
  checkSql,
  checkTarget,
  optionalBoolean,
  optionalEnum,
  optionalTransactionId,
  requiredTransactionId,
} from './request-validation';
import { formatResult, type ResultOptions } from './result-format';
import type { SecretRoleMap } from './roles';
import type { SessionSettings } from './session-settings';
import { checkElapsed, type StatementWait, waitForStatement } from './statement-timeout';
import type { TransactionRegistry } from './transactions';
import type { TypeCatalog } from './type-catalog';
import type { ExecuteStatementResponse } from './wire-types';

export interface OperationContext {
  backend: Backend;
  catalog: TypeCatalog;
  transactions: TransactionRegistry;
  /** Which database role each secret logs in as. */
  roles: SecretRoleMap;
  /** Restores session settings a call changed, so the next call starts clean. */
  settings: SessionSettings;
  /** The database the emulated cluster holds: the only `database` a call may name. */
  database: string;
  /** How long the service waits for a statement. */
  statementTimeoutMs: number;
}

type Body = Record<string, unknown>;

export const OPERATIONS = {
  '/Execute': 'ExecuteStatement',
  '/BatchExecute': 'BatchExecuteStatement',
  '/BeginTransaction': 'BeginTransaction',
  '/CommitTransaction': 'CommitTransaction',
  '/RollbackTransaction': 'RollbackTransaction',
} as const;

export type OperationName = (typeof OPERATIONS)[keyof typeof OPERATIONS];

/** The service runs exactly one statement per call. */
function checkSingleStatement(sql: string): void {
  if (splitStatements(sql).length > 1) {
    throw new DataApiError(
      'DatabaseErrorException',
      'ERROR: cannot insert multiple commands into a prepared statement; SQLState: 42601',
    );
  }
}

/** Statements that cannot run inside a transaction block, or that control one themselves. */
const NOT_IN_TRANSACTION_BLOCK =
  /^\s*(?:BEGIN|START|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|PREPARE\s+TRANSACTION|VACUUM|REINDEX|CLUSTER|ALTER\s+SYSTEM|(?:CREATE|DROP)\s+(?:DATABASE|TABLESPACE)|CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY)\b/i;

/**
 * Runs `work` in the caller's transaction (whose connection took its role at BeginTransaction),
 * or on its own connection, as the secret's role, where every statement commits by itself and
 * the session's settings are put back afterwards. `onSession` may refuse to start (a call the
 * service stopped waiting for).
 */
async function inScope<T>(
  context: OperationContext,
  transactionId: string | undefined,
  role: string | null,
  sql: string,
  wait: StatementWait,
  onSession: (session: Session) => boolean,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const started = (session: Session) => {
    if (!onSession(session)) throw statementTimeout(Math.round(context.statementTimeoutMs / 1000));
  };
  if (transactionId !== undefined) {
    return context.transactions.run(transactionId, async (session) => {
      started(session);
      return work(session);
    });
  }
  return context.backend.autoCommit(
    async (session) => {
      started(session);
      let result: T;
      try {
        await context.roles.assume(session, role);
        result = await work(session);
      } catch (error) {
        // A rolled-back atomic block undid the role switch with the statement.
        context.roles.forget(session);
        throw error;
      }
      // Only after success: a failed statement's changes were rolled back with it.
      await context.settings.restore(session);
      return result;
    },
    // A blocking backend learns a statement was too slow only after it ran: to undo it then, the
    // statement runs inside a transaction block it can roll back (unless it may continue).
    { atomic: !wait.continueAfterTimeout && !NOT_IN_TRANSACTION_BLOCK.test(sql) },
  );
}

/** The database a call names must be the cluster's (as on AWS, where it is what it connects to). */
function checkDatabase(context: OperationContext, database: string | undefined): void {
  if (database !== undefined && database !== context.database) {
    throw new DataApiError(
      'DatabaseErrorException',
      `FATAL: database "${database}" does not exist; SQLState: 3D000`,
    );
  }
}

/** The secret's role, and a statement it may run at all. */
function roleFor(context: OperationContext, body: Body, sql?: string): string | null {
  const role = context.roles.roleOf(body.secretArn);
  if (sql !== undefined) context.roles.checkStatement(sql, role);
  return role;
}

async function runStatement(
  context: OperationContext,
  session: Session,
  bound: BoundStatement,
  autoCommit: boolean,
  wait: StatementWait,
) {
  const startedAt = performance.now();
  const raw = await session.query(bound.text, bound.values);
  context.settings.note(session, bound.text, raw.command);
  await checkElapsed(context.backend, session, wait, startedAt, !autoCommit);
  if (autoCommit && raw.command === 'BEGIN') {
    // Outside BeginTransaction every call commits on its own; a bare BEGIN must not leave the
    // shared connection inside a transaction that later callers would silently join.
    await session.query('ROLLBACK');
  }
  return raw;
}

async function executeStatement(context: OperationContext, body: Body) {
  checkDatabase(context, checkTarget(body));
  const sql = checkSql(body);
  const transactionId = optionalTransactionId(body);
  const options: ResultOptions = {
    includeResultMetadata: optionalBoolean(body, 'includeResultMetadata'),
    formatRecordsAs: optionalEnum(body, 'formatRecordsAs', ['NONE', 'JSON'] as const, 'NONE'),
    decimalReturnType: 'STRING',
    longReturnType: 'LONG',
  };
  const wait: StatementWait = {
    limitMs: context.statementTimeoutMs,
    continueAfterTimeout: optionalBoolean(body, 'continueAfterTimeout'),
  };
  const resultSetOptions = body.resultSetOptions;
  if (resultSetOptions !== undefined && resultSetOptions !== null) {
    if (typeof resultSetOptions !== 'object')
      throw invalidInput('resultSetOptions must be an object');
    const rso = resultSetOptions as Body;
    options.decimalReturnType = optionalEnum(
      rso,
      'decimalReturnType',
      ['STRING', 'DOUBLE_OR_LONG'] as const,
      'STRING',
    );
    options.longReturnType = optionalEnum(
      rso,
      'longReturnType',
      ['LONG', 'STRING'] as const,
      'LONG',
    );
  }
  checkSingleStatement(sql);
  const role = roleFor(context, body, sql);
  const bound = bindParameters(sql, body.parameters);
  return waitForStatement(context.backend, wait, (onSession) =>
    inScope(
      context,
      transactionId,
      role,
      sql,
      wait,
      onSession,
      async (session): Promise<ExecuteStatementResponse> => {
        const raw = await runStatement(context, session, bound, transactionId === undefined, wait);
        return formatResult(raw, session, context.catalog, options);
      },
    ),
  );
}

async function batchExecuteStatement(context: OperationContext, body: Body) {
  checkDatabase(context, checkTarget(body));
  const sql = checkSql(body);
  const transactionId = optionalTransactionId(body);
  const parameterSets = body.parameterSets ?? [];
  if (!Array.isArray(parameterSets)) throw invalidInput('parameterSets must be a list');
  checkSingleStatement(sql);
  const role = roleFor(context, body, sql);
  // Every set is checked before anything runs, so a bad set changes nothing.
  const bound = parameterSets.map((set: unknown) => bindParameters(sql, set));
  // BatchExecuteStatement has no continueAfterTimeout: a batch past the limit is cancelled.
  const wait: StatementWait = { limitMs: context.statementTimeoutMs, continueAfterTimeout: false };
  const runAll = async (session: Session) => {
    const startedAt = performance.now();
    for (const statement of bound) {
      const raw = await session.query(statement.text, statement.values);
      context.settings.note(session, statement.text, raw.command);
    }
    await checkElapsed(context.backend, session, wait, startedAt, transactionId !== undefined);
    return { updateResults: bound.map(() => ({ generatedFields: [] })) };
  };
  return waitForStatement(context.backend, wait, (onSession) => {
    const started = (session: Session) => {
      if (!onSession(session)) throw statementTimeout(Math.round(wait.limitMs / 1000));
    };
    if (transactionId !== undefined) {
      return context.transactions.run(transactionId, async (session) => {
        started(session);
        return runAll(session);
      });
    }
    // Without a transaction the batch is still all-or-nothing.
    return context.backend.autoCommit(async (session) => {
      started(session);
      await context.roles.assume(session, role);
      await session.query('BEGIN');
      let result: Awaited<ReturnType<typeof runAll>>;
      try {
        result = await runAll(session);
        await session.query('COMMIT');
      } catch (error) {
        await session.query('ROLLBACK').catch(() => {});
        throw error;
      }
      await context.settings.restore(session);
      return result;
    });
  });
}

async function beginTransaction(context: OperationContext, body: Body) {
  checkDatabase(context, checkTarget(body));
  const role = roleFor(context, body);
  return {
    transactionId: await context.transactions.begin((session) =>
      context.roles.assume(session, role),
    ),
  };
}

async function commitTransaction(context: OperationContext, body: Body) {
  checkTarget(body);
  await context.transactions.commit(requiredTransactionId(body));
  return { transactionStatus: 'Transaction Committed' };
}

async function rollbackTransaction(context: OperationContext, body: Body) {
  checkTarget(body);
  await context.transactions.rollback(requiredTransactionId(body));
  return { transactionStatus: 'Rollback Complete' };
}

export const HANDLERS: Record<
  OperationName,
  (context: OperationContext, body: Body) => Promise<unknown>
> = {
  ExecuteStatement: executeStatement,
  BatchExecuteStatement: batchExecuteStatement,
  BeginTransaction: beginTransaction,
  CommitTransaction: commitTransaction,
  RollbackTransaction: rollbackTransaction,
};
