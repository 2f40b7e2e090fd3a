/**
 * How long the service waits for a statement, and what happens when it stops waiting
 * (https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/API_ExecuteStatement.html,
 * `continueAfterTimeout`): the call fails with StatementTimeoutException; without
 * `continueAfterTimeout` the statement is cancelled and leaves nothing behind, with it the
 * statement runs on to its end (and, outside a transaction, commits).
 */
import type { Backend, Session } from './backend';
import { statementTimeout } from './errors';

/** The service gives up waiting after 45 seconds. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 45_000;

export interface StatementWait {
  limitMs: number;
  continueAfterTimeout: boolean;
}

const timeoutError = (wait: StatementWait) => statementTimeout(Math.round(wait.limitMs / 1000));

/**
 * A server connection: `start` begins the work and reports the session it runs on. Past the
 * limit the caller is answered at once; the statement is cancelled on the server (and awaited,
 * so a following call finds its connection free) unless it may continue.
 */
export async function waitForStatement<T>(
  backend: Backend,
  wait: StatementWait,
  start: (onSession: (session: Session) => boolean) => Promise<T>,
): Promise<T> {
  if (backend.blocking) return start(() => true);
  let session: Session | undefined;
  let abandoned = false;
  const running = start((s) => {
    session = s;
    // The wait also covers queueing for a connection; an abandoned call must not start late.
    return !abandoned;
  });
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof timer>((resolve) => {
    timer = setTimeout(() => resolve(timer), wait.limitMs);
  });
  try {
    const first = await Promise.race([running.then((value) => ({ value })), expired]);
    if (first !== undefined && 'value' in first) return first.value;
  } finally {
    clearTimeout(timer);
  }
  abandoned = true;
  if (wait.continueAfterTimeout) {
    running.catch(() => {});
  } else {
    if (session) await backend.cancel(session).catch(() => {});
    await running.catch(() => {});
  }
  throw timeoutError(wait);
}

/**
 * A backend that blocks while a statement runs (PGlite) cannot be interrupted, so the limit is
 * applied when the statement returns: past it, the call fails the same way, and a cancelled
 * statement is undone by the caller (the auto-commit wrapper rolls back; a transaction is
 * aborted here, as a cancel aborts it on a server).
 */
export async function checkElapsed(
  backend: Backend,
  session: Session,
  wait: StatementWait,
  startedAt: number,
  inTransaction: boolean,
): Promise<void> {
  if (!backend.blocking || performance.now() - startedAt <= wait.limitMs) return;
  if (!wait.continueAfterTimeout && inTransaction) {
    await session
      .query(
        "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '57014', " +
          "MESSAGE = 'canceling statement due to statement timeout'; END $$",
      )
      .catch(() => {});
  }
  throw timeoutError(wait);
}
