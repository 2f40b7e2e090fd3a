/**
 * Delivery to rule targets, as EventBridge does it: each matching rule gets the event after
 * PutEvents has answered; a delivery the target refuses (for Lambda: the function cannot be
 * invoked at all) is retried with backoff, and after the last attempt (or past the maximum
 * event age) the event lands in the rule's dead letters. A Lambda target accepts the event at
 * once and runs it later, so its function's errors never come back here: Lambda retries them
 * and keeps the record in the function's on-failure queue (local/lambda-service.ts).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 */
import type { EventEnvelope } from './put-events';

export interface DeliveryRule {
  name: string;
  target: string;
  retryAttempts: number;
  maximumEventAgeSeconds: number;
}

export interface DeadLetter {
  rule: string;
  target: string;
  event: EventEnvelope;
  error: string;
  attempts: number;
  at: string;
}

export class Deliveries {
  private pending = 0;
  private waiters: (() => void)[] = [];
  readonly deadLetters: DeadLetter[] = [];

  constructor(
    private readonly invoke: (target: string, event: EventEnvelope) => Promise<void>,
    private readonly retryBaseDelayMs: number,
    private readonly log: (message: string, data?: unknown) => void,
  ) {}

  deliver(rule: DeliveryRule, event: EventEnvelope): void {
    this.pending++;
    const firstAttemptAt = Date.now();
    const attempt = (n: number) => {
      this.invoke(rule.target, event).then(
        () => this.settle(),
        (err: unknown) => {
          const tooOld = Date.now() - firstAttemptAt > rule.maximumEventAgeSeconds * 1000;
          if (n < rule.retryAttempts && !tooOld) {
            const timer = setTimeout(() => attempt(n + 1), this.retryBaseDelayMs * 2 ** n);
            timer.unref();
            return;
          }
          const error = err instanceof Error ? err.message : String(err);
          this.deadLetters.push({
            rule: rule.name,
            target: rule.target,
            event,
            error,
            attempts: n + 1,
            at: new Date().toISOString(),
          });
          this.log('event dead-lettered', { rule: rule.name, event_id: event.id, error });
          this.settle();
        },
      );
    };
    // Never on PutEvents' own call stack: the producer has its answer before any target runs.
    setImmediate(() => attempt(0));
  }

  /** Resolves once nothing is being delivered or waiting for a retry. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private settle(): void {
    this.pending--;
    if (this.pending === 0) for (const resolve of this.waiters.splice(0)) resolve();
  }
}
