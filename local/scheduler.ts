/**
 * The local stand-in for EventBridge Scheduler: fires the shared schedule definitions at their
 * rate, and runs any of them on demand so tests and developers need not wait for the clock.
 */
import type { ScheduleSpec } from '../functions/routes';

export interface LocalScheduler {
  readonly names: readonly string[];
  /** Runs one schedule now, with the target input a schedule may carry, and resolves with its result. */
  run(name: string, input?: unknown): Promise<unknown>;
  /** Starts firing every schedule at its rate (not in tests, which drive the clock). */
  start(): void;
  stop(): void;
}

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

export function rateMilliseconds(expression: string): number {
  const match = RATE.exec(expression);
  if (!match) throw new Error(`Unsupported schedule expression: ${expression}`);
  const unit = (match[2] ?? '').replace(/s$/, '') as keyof typeof UNIT_MS;
  return Number(match[1]) * UNIT_MS[unit];
}

export function createScheduler(
  schedules: readonly ScheduleSpec[],
  invoke: (schedule: ScheduleSpec, input: unknown) => Promise<unknown>,
  log: (message: string) => void = () => undefined,
): LocalScheduler {
  const byName = new Map(schedules.map((s) => [s.name, s]));
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<unknown>>();

  const run = (name: string, input: unknown = {}): Promise<unknown> => {
    const schedule = byName.get(name);
    if (!schedule) return Promise.reject(new Error(`No schedule named ${name}`));
    // Like a schedule whose previous run is still going: wait for it rather than overlap.
    const previous = running.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => invoke(schedule, input));
    running.set(name, next);
    return next;
  };

  return {
    names: [...byName.keys()],
    run,
    start() {
      for (const schedule of schedules) {
        const timer = setInterval(() => {
          run(schedule.name).catch((err: unknown) =>
            log(`schedule ${schedule.name} failed: ${String(err)}`),
          );
        }, rateMilliseconds(schedule.expression));
        timer.unref();
        timers.push(timer);
      }
    },
    stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
    },
  };
}
