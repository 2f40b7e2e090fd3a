/**
 * `npm run bench -- wake-ups`: database wake-ups over a simulated idle day. Every schedule fires
 * at its times over 24 hours (run at once, in simulated time) against a stack with no student
 * activity; the Data API stand-in counts the calls, and a call after more than Aurora's shortest
 * auto-pause delay (5 minutes) of silence counts as a wake-up. Target: at most 24.
 */
import { simulateIdleDay } from '../../local/idle-day';
import { startLocalStack } from '../../local/stack';

const stack = await startLocalStack({ databaseUrl: process.env.DATABASE_URL || undefined });
try {
  const day = await simulateIdleDay(stack);
  const perHour = new Map<string, number>();
  for (const at of day.wakeUps)
    perHour.set(at.slice(0, 13), (perHour.get(at.slice(0, 13)) ?? 0) + 1);
  const worstHour = Math.max(0, ...perHour.values());
  console.log('\nIdle day (simulated 24 h, no students)');
  console.log(`schedule firings ${day.firings}, Data API calls ${day.calls}`);
  console.log(
    `database wake-ups ${day.wakeUps.length} (target ≤ 24), at most ${worstHour} in one hour (target 1)${worstHour > 1 || day.wakeUps.length > 24 ? '  <-- over target' : ''}`,
  );
} finally {
  await stack.close();
}
