import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { type Dashboard, DEMO, startDashboard, waitForText } from './support/dashboard';

/** `YYYY-MM-DDTHH:MM` in this machine's clock (the browser's too), as `datetime-local` takes. */
function local(daysAgo: number, hour: number, minute = 0): string {
  const date = new Date(Date.now() - daysAgo * 86_400_000);
  date.setHours(hour, minute, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const sessionMinutes = async (d: Dashboard) =>
  d.own.rows<{ id: number; minutes: number }>(
    `SELECT id, round(extract(epoch FROM end_time - start_time) / 60)::int AS minutes
       FROM study_sessions WHERE user_id = '${DEMO}' ORDER BY id`,
  );

describe('fixing one’s own record on the dashboard', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await startDashboard({ bypassCSP: true });
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await d.screenshot(`failed-record-${task.name}`);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('adds a past session, and an overlapping one is refused naming the other', async () => {
    const page = d.page;
    await d.open('/dashboard/sessions');
    const form = page.getByRole('form', { name: 'Add a past session' });
    await form.getByLabel('Started').fill(local(2, 10));
    await form.getByLabel('Ended').fill(local(2, 10, 45));
    await form.getByLabel('Notes').fill('Library, no phone');
    await form.getByRole('button', { name: 'Add session' }).click();
    await form.getByRole('status').filter({ hasText: 'Session added' }).waitFor();
    await waitForText(page.getByTestId('history'), '(manual)');
    expect((await sessionMinutes(d)).map((s) => s.minutes)).toEqual([45]);

    await form.getByLabel('Started').fill(local(2, 10, 30));
    await form.getByLabel('Ended').fill(local(2, 11));
    await form.getByLabel('Ended').press('Enter');
    const alert = form.getByRole('alert');
    await alert.filter({ hasText: /overlaps session \d+/ }).waitFor();
    await alert.getByRole('link', { name: /Open session \d+/ }).waitFor();
    expect(await sessionMinutes(d)).toHaveLength(1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('corrects a session from its page and shows the change', async () => {
    const page = d.page;
    const [session] = await sessionMinutes(d);
    await d.open(`/dashboard/sessions/${session?.id}`);
    const form = page.getByRole('form', { name: 'Correct this session' });
    await form.getByLabel('Ended').fill(local(2, 11, 15));
    await form.getByRole('button', { name: 'Save correction' }).click();
    await form.getByRole('status').filter({ hasText: 'Session corrected.' }).waitFor();
    await waitForText(page.getByTestId('session-history'), 'Edited');
    expect((await sessionMinutes(d)).map((s) => s.minutes)).toEqual([75]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('deletes a session from its page, after confirming', async () => {
    const page = d.page;
    const [session] = await sessionMinutes(d);
    await d.open(`/dashboard/sessions/${session?.id}`);
    await page.getByRole('button', { name: /^Delete the session of/ }).click();
    // Nothing is deleted until the second, explicit answer.
    expect(await sessionMinutes(d)).toHaveLength(1);
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByRole('heading', { name: 'Sessions', level: 1 }).waitFor();
    expect(await sessionMinutes(d)).toEqual([]);
  });

  it('deletes a session from the history, by keyboard, after confirming', async () => {
    const page = d.page;
    await d.own.pastSession(
      DEMO,
      new Date(Date.now() - 3 * 86_400_000).toISOString(),
      new Date(Date.now() - 3 * 86_400_000 + 30 * 60_000).toISOString(),
      null,
    );
    await d.open('/dashboard/sessions');
    const history = page.getByTestId('history');
    await history.getByRole('button', { name: /^Delete the session of/ }).focus();
    await page.keyboard.press('Enter');
    await history.getByRole('button', { name: 'Keep it' }).click();
    await history.getByRole('button', { name: /^Delete the session of/ }).press('Enter');
    await history.getByRole('button', { name: 'Yes, delete' }).press('Enter');
    await waitForText(page.locator('#history'), 'No sessions yet');
    expect(await sessionMinutes(d)).toEqual([]);
  });

  it('confirms a session the forgotten-timer rule closed', async () => {
    const page = d.page;
    const started = await d.own.call(DEMO, 'POST', '/sessions/start', {});
    expect(started.status).toBe(201);
    await d.own.sql(`UPDATE study_sessions SET start_time = now() - interval '13 hours'
                     WHERE id = ${started.body.session_id}`);
    await d.own.runSchedule('session-closer');
    await d.open(`/dashboard/sessions/${started.body.session_id}`);
    const notice = page.getByTestId('confirm-auto-closed');
    expect(await axeViolations(page)).toEqual([]);
    await notice.getByRole('button', { name: 'Confirm as closed' }).click();
    await notice.waitFor({ state: 'detached' });
    await waitForText(page.getByTestId('session-history'), 'Confirmed');
    const detail = await d.own.call(DEMO, 'GET', `/sessions/${started.body.session_id}`);
    expect(detail.body.confirmed).toBe(true);
    expect(d.pageErrors).toEqual([]);
  });

  it('fits a phone screen, light and dark', async () => {
    const page = d.page;
    await page.setViewportSize({ width: 375, height: 740 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await d.open('/dashboard/sessions');
      await page.getByTestId('history').waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
    }
    await d.screenshot('sessions-record-phone');
  });
});
