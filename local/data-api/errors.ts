/**
 * Error names the SDK maps to exception classes (read from the `x-amzn-errortype` header). Input
 * that breaks the service's constraints is a `ValidationException`, as on Aurora Serverless v2
 * and provisioned clusters (AWS common errors:
 * https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/CommonErrors.html); the
 * Serverless v1 `BadRequestException` is never answered.
 */
export type DataApiErrorName =
  | 'ValidationException'
  | 'UnsupportedResultException'
  | 'ThrottlingException'
  | 'ServiceUnavailableError'
  | 'DatabaseErrorException'
  | 'DatabaseResumingException'
  | 'TransactionNotFoundException'
  | 'StatementTimeoutException'
  | 'InternalServerErrorException'
  | 'NotFoundException'
  | 'SecretsErrorException';

const STATUS: Record<DataApiErrorName, number> = {
  ValidationException: 400,
  UnsupportedResultException: 400,
  ThrottlingException: 400,
  ServiceUnavailableError: 503,
  DatabaseErrorException: 400,
  DatabaseResumingException: 400,
  TransactionNotFoundException: 404,
  StatementTimeoutException: 400,
  InternalServerErrorException: 500,
  NotFoundException: 404,
  SecretsErrorException: 400,
};

/** An error the emulator answers with, shaped as the real service shapes it. */
export class DataApiError extends Error {
  readonly status: number;
  constructor(
    readonly errorName: DataApiErrorName,
    message: string,
  ) {
    super(message);
    this.name = errorName;
    this.status = STATUS[errorName];
  }

  /** The JSON body; the error name travels in the `x-amzn-errortype` header. */
  body(): Record<string, unknown> {
    // InternalServerErrorException has no members in the service model; keep the message anyway.
    return { message: this.message };
  }
}

/** Input the service refuses before it reaches the database. */
export const invalidInput = (message: string): DataApiError =>
  new DataApiError('ValidationException', message);

/** A result the service cannot represent (a type it does not map, a 2-D array, too large). */
export const unsupportedResult = (message: string): DataApiError =>
  new DataApiError('UnsupportedResultException', message);

/** The service stopped waiting for the statement (its 45 s limit). */
export const statementTimeout = (seconds: number): DataApiError =>
  new DataApiError(
    'StatementTimeoutException',
    `Request timed out: the statement ran longer than ${seconds} seconds`,
  );

export const transactionNotFound = (transactionId: string): DataApiError =>
  new DataApiError('TransactionNotFoundException', `Transaction ${transactionId} is not found`);

export const databaseResuming = (): DataApiError =>
  new DataApiError(
    'DatabaseResumingException',
    'The Aurora DB instance db-local is resuming after being auto-paused. ' +
      'Please wait a few seconds and try again.',
  );

/** The fields both pg's and PGlite's protocol errors carry. */
export interface PostgresErrorLike {
  message: string;
  severity?: string;
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
  where?: string;
}

export function isPostgresError(error: unknown): error is PostgresErrorLike {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as Record<string, unknown>;
  return typeof candidate.code === 'string' && typeof candidate.severity === 'string';
}

/**
 * Formats a server error as the Data API reports it (the JDBC driver's rendering plus the
 * SQLState), e.g. `ERROR: operator does not exist: uuid = text\n  Hint: …\n  Position: 35;
 * SQLState: 42883`, so callers can match on the SQLState as they must on AWS.
 */
export function formatPostgresError(error: PostgresErrorLike): string {
  let text = `${error.severity ?? 'ERROR'}: ${error.message}`;
  if (error.detail) text += `\n  Detail: ${error.detail}`;
  if (error.hint) text += `\n  Hint: ${error.hint}`;
  if (error.position) text += `\n  Position: ${error.position}`;
  if (error.where) text += `\n  Where: ${error.where}`;
  return `${text}; SQLState: ${error.code ?? 'XX000'}`;
}

/** Maps anything thrown while running SQL onto the service's error. */
export function toDataApiError(error: unknown): DataApiError {
  if (error instanceof DataApiError) return error;
  if (isPostgresError(error)) {
    // Every server error, a server-side statement_timeout (57014) included, is the database's:
    // StatementTimeoutException is only the service giving up waiting (statement-timeout.ts).
    return new DataApiError('DatabaseErrorException', formatPostgresError(error));
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DataApiError('InternalServerErrorException', message);
}
