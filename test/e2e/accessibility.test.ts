import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { type Dashboard, DEMO, pastStudy, startDashboard } from './support/dashboard';

const violations = (d: Dashboard) => axeViolations(d.page);

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
