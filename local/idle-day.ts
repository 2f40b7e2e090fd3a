/**
 * A simulated day of an idle stage: every schedule fires at its times over 24 hours (in
 * simulated time: each firing runs at once), and the Data API stand-in counts the calls each
 * firing makes. Aurora Serverless v2 pauses after at least 5 idle minutes, so calls closer than
 * that to the previous ones find it awake; a call after a longer silence wakes it.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html
 */
import { schedules } from '../functions/routes';
import { firingsBetween } from './schedule-expression';
import type { LocalStack } from './stack';

/** Aurora's shortest auto-pause delay. */
export const AURORA_MIN_PAUSE_SECONDS = 300;

export interface IdleDay {
  /** Times (ISO) at which the database was woken from a pause. */
  wakeUps: string[];
  /** Data API calls over the day. */
  calls: number;
  /** Firings of schedules over the day. */
  firings: number;
}

export async function simulateIdleDay(stack: LocalStack, from = new Date()): Promise<IdleDay> {
  const to = new Date(from.getTime() + 86_400_000);
  const byTime = new Map<number, string[]>();
  for (const schedule of schedules) {
    if (!schedule.expression) continue;
    for (const at of firingsBetween(schedule.expression, from, to)) {
      byTime.set(at.getTime(), [...(byTime.get(at.getTime()) ?? []), schedule.name]);
    }
  }
  const wakeUps: string[] = [];
  let calls = 0;
  let firings = 0;
  let lastCall = Number.NEGATIVE_INFINITY;
  for (const [at, names] of [...byTime].sort(([a], [b]) => a - b)) {
    await stack.bus.idle();
    stack.emulator.resetStats();
    // Scheduler fires them together; each runs as its own invocation.
    await Promise.all(names.map((name) => stack.scheduler.run(name)));
    // Whatever they set off (events, wake-up messages) counts at the same time.
    await stack.bus.idle();
    firings += names.length;
    const made = stack.emulator.stats().calls;
    if (made === 0) continue;
    calls += made;
    if (at - lastCall >= AURORA_MIN_PAUSE_SECONDS * 1000) wakeUps.push(new Date(at).toISOString());
    lastCall = at;
  }
  return { wakeUps, calls, firings };
}
