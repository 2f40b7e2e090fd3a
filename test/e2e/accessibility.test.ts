import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, DEMO, pastStudy, startDashboard } from './support/dashboard';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** WCAG 2.1 A and AA rules (labels, names, contrast, landmarks…) checked by axe-core in the page. */
async function violations(d: Dashboard): Promise<string[]> {
  await d.page.addScriptTag({ path: AXE });
  const found = await d.page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(o: unknown): Promise<unknown> } }).axe;
    const result = (await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: AxeViolation[] };
    return result.violations;
  });
  return found.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

describe('accessibility of every page (axe-core, WCAG 2.1 AA)', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await startDashboard({ bypassCSP: true });
    const now = Date.now();
    for (let daysAgo = 1; daysAgo <= 10; daysAgo += 1) {
      await pastStudy(d, new Date(now - daysAgo * 86_400_000), 25 + daysAgo * 3, 1 + (daysAgo % 2));
    }
    await d.own.call(DEMO, 'POST', '/goals', {
      goal_type: 'study_time',
      goal_name: 'Five hours a week',
      target_value: 300,
      target_date: '2030-12-31',
      is_recurring: true,
      recurrence_pattern: 'weekly',
    });
    await d.own.call(DEMO, 'POST', '/sessions/start', { session_type: 'solo', class_id: 1 });
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await d.screenshot(`failed-a11y-${task.name}`);
  });
  afterAll(async () => {
    await d?.close();
  });

  for (const path of [
    '/dashboard/analytics',
    '/dashboard/sessions',
    '/dashboard/goals',
    '/dashboard/reports',
  ]) {
    it(path, async () => {
      await d.open(path);
      await d.page.locator('.state-loading').first().waitFor({ state: 'detached' });
      expect(await violations(d)).toEqual([]);
    });
  }
});
