import { randomBytes } from 'node:crypto';
import type { Backend, Session } from './backend';
import { DataApiError, formatPostgresError, isPostgresError, transactionNotFound } from './errors';

/** The service rolls back a transaction nobody has used for three minutes. */
export const DEFAULT_TRANSACTION_IDLE_TIMEOUT_MS = 3 * 60 * 1000;

interface OpenTransaction {
  id: string;
  session: Session;
  release: (broken?: boolean) => void;
  busy: boolean;
  timer: NodeJS.Timeout | undefined;
  /** The error that aborted the transaction, reported if the caller tries to commit. */
  failure: string | undefined;
}

/** Transactions opened by BeginTransaction, each on its own connection. */
export class TransactionRegistry {
  readonly #open = new Map<string, OpenTransaction>();

  /** `beforeRelease` tidies a connection whose transaction ended (e.g. restores settings). */
  constructor(
    private readonly backend: Backend,
    private readonly idleTimeoutMs: number = DEFAULT_TRANSACTION_IDLE_TIMEOUT_MS,
    private readonly beforeRelease: (session: Session) => Promise<void> = async () => {},
  ) {}

  get size(): number {
    return this.#open.size;
  }

  /** `prepare` runs on the reserved connection before BEGIN (e.g. to take the caller's role). */
  async begin(prepare?: (session: Session) => Promise<void>): Promise<string> {
    const { session, release } = await this.backend.reserve();
    try {
      await prepare?.(session);
      await session.query('BEGIN');
    } catch (error) {
      release(!isPostgresError(error));
      throw error;
    }
    // Opaque like the service's ids; callers must not read meaning into them.
    const id = randomBytes(96).toString('base64url');
    const transaction: OpenTransaction = {
      id,
      session,
      release,
      busy: false,
      timer: undefined,
      failure: undefined,
    };
    this.#open.set(id, transaction);
    this.#armIdleTimer(transaction);
    return id;
  }

  /** Runs `work` inside the transaction; a second caller while it runs is turned away. */
  async run<T>(id: string, work: (session: Session) => Promise<T>): Promise<T> {
    const transaction = this.#take(id);
    transaction.busy = true;
    clearTimeout(transaction.timer);
    try {
      return await work(transaction.session);
    } catch (error) {
      if (isPostgresError(error)) {
        // Postgres now rejects everything but ROLLBACK in this transaction, as on Aurora.
        transaction.failure ??= formatPostgresError(error);
      } else if (!(error instanceof DataApiError)) {
        // The connection itself failed; the transaction is gone with it.
        this.#forget(transaction, true);
      }
      throw error;
    } finally {
      transaction.busy = false;
      if (this.#open.has(id)) this.#armIdleTimer(transaction);
    }
  }

  async commit(id: string): Promise<void> {
    const transaction = this.#take(id);
    this.#forget(transaction, undefined);
    let result: Awaited<ReturnType<Session['query']>>;
    try {
      result = await transaction.session.query('COMMIT');
    } catch (error) {
      transaction.release(!isPostgresError(error));
      throw error;
    }
    await this.#tidyAndRelease(transaction);
    if (result.command === 'ROLLBACK') {
      // Postgres answers COMMIT of an aborted transaction with a silent rollback; the service's
      // driver turns that into an error, so the caller cannot mistake it for a commit.
      throw new DataApiError(
        'DatabaseErrorException',
        'ERROR: The database returned ROLLBACK, so the transaction cannot be committed. ' +
          `Transaction failure cause is <<${transaction.failure ?? 'unknown'}>>; SQLState: 25P02`,
      );
    }
  }

  async rollback(id: string): Promise<void> {
    const transaction = this.#take(id);
    this.#forget(transaction, undefined);
    await this.#rollbackAndRelease(transaction);
  }

  /** Rolls back everything still open (used on shutdown). */
  async closeAll(): Promise<void> {
    const open = [...this.#open.values()];
    for (const transaction of open) this.#forget(transaction, undefined);
    await Promise.all(open.map((transaction) => this.#rollbackAndRelease(transaction)));
  }

  #take(id: string): OpenTransaction {
    const transaction = this.#open.get(id);
    if (!transaction) throw transactionNotFound(id);
    if (transaction.busy) {
      // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/data-api.troubleshooting.html
      throw new DataApiError(
        'DatabaseErrorException',
        `Transaction is still running a query: transaction ${id} accepts one statement at a time`,
      );
    }
    return transaction;
  }

  /** Removes the transaction from the registry; releases its connection if `broken` is set. */
  #forget(transaction: OpenTransaction, broken: boolean | undefined): void {
    clearTimeout(transaction.timer);
    this.#open.delete(transaction.id);
    if (broken !== undefined) transaction.release(broken);
  }

  async #rollbackAndRelease(transaction: OpenTransaction): Promise<void> {
    try {
      await transaction.session.query('ROLLBACK');
    } catch (error) {
      transaction.release(!isPostgresError(error));
      throw error;
    }
    await this.#tidyAndRelease(transaction);
  }

  async #tidyAndRelease(transaction: OpenTransaction): Promise<void> {
    try {
      await this.beforeRelease(transaction.session);
      transaction.release();
    } catch {
      // A connection that cannot be tidied is not given to anyone else.
      transaction.release(true);
    }
  }

  #armIdleTimer(transaction: OpenTransaction): void {
    clearTimeout(transaction.timer);
    transaction.timer = setTimeout(() => {
      if (this.#open.get(transaction.id) !== transaction || transaction.busy) return;
      this.#forget(transaction, undefined);
      this.#rollbackAndRelease(transaction).catch(() => {});
    }, this.idleTimeoutMs);
    transaction.timer.unref();
  }
}
