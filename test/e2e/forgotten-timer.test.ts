import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, DEMO, startDashboard, waitForText } from './support/dashboard';

describe('a forgotten timer', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await startDashboard();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await d.screenshot(`failed-forgotten-${task.name}`);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('is closed at its last sign of life, and the sessions page says what counted', async () => {
    const started = await d.own.call(DEMO, 'POST', '/sessions/start', {});
    expect(started.status).toBe(201);
    // Started 13 hours ago and never touched again: only the 30-minute grace counts.
    await d.own.sql(`UPDATE study_sessions SET start_time = now() - interval '13 hours'
                     WHERE id = ${started.body.session_id}`);
    await d.own.runSchedule('session-closer');
    await d.open('/dashboard/sessions');
    const page = d.page;
    const notice = page.getByTestId('auto-closed-notice');
    await waitForText(
      notice,
      'was left running, so it was closed automatically: 30 minutes counted',
    );
    await waitForText(page.getByTestId('history'), '(closed automatically)');
    await d.screenshot('sessions-auto-closed-notice');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
    await d.open('/dashboard/sessions');
    await page.getByTestId('history').waitFor();
    expect(await page.getByTestId('auto-closed-notice').count()).toBe(0);
    expect(d.pageErrors).toEqual([]);
  });
});
