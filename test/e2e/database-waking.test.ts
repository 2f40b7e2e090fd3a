/**
 * While Aurora resumes from a pause the API answers 503 `database_waking`; the dashboard says so
 * and retries by itself until the data comes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, startDashboard } from './support/dashboard';

describe('a waking database', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await startDashboard();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await d.screenshot(`failed-waking-${task.name}`);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('shows "waking up, retrying" and then the page, without a click', async () => {
    const page = d.page;
    const waking = page.getByRole('status').filter({ hasText: 'the database is waking up' });
    d.own.stack.emulator.injectError('DatabaseResumingException', 1_000_000);
    try {
      await d.open('/dashboard/goals');
      await waking.first().waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
      await d.screenshot('database-waking');
    } finally {
      d.own.stack.emulator.injectError('DatabaseResumingException', 0);
    }
    await waking.first().waitFor({ state: 'detached' });
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(d.pageErrors).toEqual([]);
  });
});
