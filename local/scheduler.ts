/**
 * The local stand-in for EventBridge Scheduler: fires the shared schedule definitions at their
 * rate, and runs any of them on demand so tests and developers need not wait for the clock.
 */
import type { ScheduleSpec } from '../functions/routes';
import { nextFiring } from './schedule-expression';

export interface LocalScheduler {
  readonly names: readonly string[];
  /**
   * Runs one schedule now and resolves with its result (a local control, not an AWS call): a
   * direct invocation, so a failure rejects instead of being retried.
   */
  run(name: string, input?: unknown): Promise<unknown>;
  /** Fires one schedule now as Scheduler does: an asynchronous invocation, retried by Lambda. */
  fire(name: string, input?: unknown): void;
  /** Starts firing every schedule at its rate (not in tests, which drive the clock). */
  start(): void;
  stop(): void;
}

/** How the scheduler reaches the functions: the local Lambda service. */
export interface ScheduleInvoker {
  invoke(name: string, input: unknown): Promise<unknown>;
  invokeAsync(name: string, input: unknown): void;
}

/**
 * EventBridge Scheduler invokes a Lambda target asynchronously: each firing is accepted by
 * Lambda, so a function error is Lambda's to retry and record (the schedule's own retries and
 * dead-letter queue see only failures to invoke). Firings do not wait for the previous run:
 * two runs of one schedule overlap unless the function's reserved concurrency forbids it.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
 */
export function createScheduler(
  schedules: readonly ScheduleSpec[],
  lambda: ScheduleInvoker,
  log: (message: string) => void = () => undefined,
): LocalScheduler {
  const byName = new Map(schedules.map((s) => [s.name, s]));
  const timers = new Set<NodeJS.Timeout>();
  let running = false;
  const fire = (name: string, input: unknown = {}) => {
    if (!byName.has(name)) throw new Error(`No schedule named ${name}`);
    try {
      lambda.invokeAsync(name, input);
    } catch (err) {
      // Where Scheduler would retry and then dead-letter: the function could not be invoked.
      log(`schedule ${name} could not invoke its function: ${String(err)}`);
    }
  };

  return {
    names: [...byName.keys()],
    run(name, input = {}) {
      if (!byName.has(name)) return Promise.reject(new Error(`No schedule named ${name}`));
      return lambda.invoke(name, input);
    },
    fire,
    start() {
      running = true;
      const origin = new Date();
      const arm = (schedule: ScheduleSpec & { expression: string }) => {
        const next = nextFiring(schedule.expression, new Date(), origin);
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!running) return;
          fire(schedule.name);
          arm(schedule);
        }, next.getTime() - Date.now());
        timer.unref();
        timers.add(timer);
      };
      for (const schedule of schedules) {
        // A job without an expression runs only when an event or its wake-up queue starts it.
        if (schedule.expression) arm({ ...schedule, expression: schedule.expression });
      }
    },
    stop() {
      running = false;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
