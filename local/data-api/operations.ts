import { splitStatements } from '../../db/split-statements';
import type { Backend, Session } from './backend';
import { type BoundStatement, bindParameters } from './bind-parameters';
import { badRequest, DataApiError } from './errors';
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
import type { TransactionRegistry } from './transactions';
import type { TypeCatalog } from './type-catalog';
import type { ExecuteStatementResponse } from './wire-types';

export interface OperationContext {
  backend: Backend;
  catalog: TypeCatalog;
  transactions: TransactionRegistry;
  /** Which database role each secret logs in as. */
  roles: SecretRoleMap;
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

/**
 * Runs `work` in the caller's transaction (whose connection took its role at BeginTransaction),
 * or on its own connection, as the secret's role, where every statement commits by itself.
 */
async function inScope<T>(
  context: OperationContext,
  transactionId: string | undefined,
  role: string | null,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  if (transactionId !== undefined) return context.transactions.run(transactionId, work);
  return context.backend.autoCommit(async (session) => {
    await context.roles.assume(session, role);
    return work(session);
  });
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
) {
  const raw = await session.query(bound.text, bound.values);
  if (/^(SET|RESET|DISCARD)$/.test(raw.command)) context.roles.forget(session);
  if (autoCommit && raw.command === 'BEGIN') {
    // Outside BeginTransaction every call commits on its own; a bare BEGIN must not leave the
    // shared connection inside a transaction that later callers would silently join.
    await session.query('ROLLBACK');
  }
  return raw;
}

async function executeStatement(context: OperationContext, body: Body) {
  checkTarget(body);
  const sql = checkSql(body);
  const transactionId = optionalTransactionId(body);
  const options: ResultOptions = {
    includeResultMetadata: optionalBoolean(body, 'includeResultMetadata'),
    formatRecordsAs: optionalEnum(body, 'formatRecordsAs', ['NONE', 'JSON'] as const, 'NONE'),
    decimalReturnType: 'STRING',
    longReturnType: 'LONG',
  };
  optionalBoolean(body, 'continueAfterTimeout');
  const resultSetOptions = body.resultSetOptions;
  if (resultSetOptions !== undefined && resultSetOptions !== null) {
    if (typeof resultSetOptions !== 'object')
      throw badRequest('resultSetOptions must be an object');
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
  return inScope(
    context,
    transactionId,
    role,
    async (session): Promise<ExecuteStatementResponse> => {
      const raw = await runStatement(context, session, bound, transactionId === undefined);
      return formatResult(raw, session, context.catalog, options);
    },
  );
}

async function batchExecuteStatement(context: OperationContext, body: Body) {
  checkTarget(body);
  const sql = checkSql(body);
  const transactionId = optionalTransactionId(body);
  const parameterSets = body.parameterSets ?? [];
  if (!Array.isArray(parameterSets)) throw badRequest('parameterSets must be a list');
  checkSingleStatement(sql);
  const role = roleFor(context, body, sql);
  // Every set is checked before anything runs, so a bad set changes nothing.
  const bound = parameterSets.map((set: unknown) => bindParameters(sql, set));
  const runAll = async (session: Session) => {
    for (const statement of bound) await session.query(statement.text, statement.values);
    return { updateResults: bound.map(() => ({ generatedFields: [] })) };
  };
  if (transactionId !== undefined) return context.transactions.run(transactionId, runAll);
  // Without a transaction the batch is still all-or-nothing.
  return context.backend.autoCommit(async (session) => {
    await context.roles.assume(session, role);
    await session.query('BEGIN');
    try {
      const result = await runAll(session);
      await session.query('COMMIT');
      return result;
    } catch (error) {
      await session.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}

async function beginTransaction(context: OperationContext, body: Body) {
  checkTarget(body);
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
