import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, DEMO, startDashboard, waitForText } from './support/dashboard';

describe('sessions page', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await startDashboard();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await d.screenshot(`failed-sessions-${task.name}`);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('signs in locally as the demo user and shows a brand-new student empty states', async () => {
    await d.open('/dashboard/sessions');
    const page = d.page;
    await waitForText(page.getByTestId('user'), DEMO);
    await page.getByText('No sessions yet').waitFor();
    await waitForText(page.getByTestId('points-total'), '0');
    expect(await page.getByRole('link', { name: 'Sessions' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });

  it('starts a session, logs an activity, ends it: history and points update', async () => {
    const page = d.page;
    // The page also holds the form for adding a past session: start from the timer's form.
    const start = page.getByRole('region', { name: 'Start a session' });
    await start.getByRole('combobox', { name: 'Type' }).selectOption('solo');
    // A class never studied is picked by number.
    await start.getByRole('combobox', { name: 'Class' }).first().selectOption('other');
    await start.getByLabel('Class number').first().fill('101');
    await start.getByLabel('Focus mode').check();
    await start.getByRole('button', { name: 'Start session' }).click();
    await page.getByTestId('active-session').waitFor();
    await page.getByRole('timer').waitFor();
    await waitForText(page.getByTestId('active-session'), 'Class 101');

    // 8 of 10 test questions right
    await page.getByRole('combobox', { name: 'Activity', exact: true }).selectOption('testing');
    await page.getByLabel('Items completed').fill('10');
    await page.getByLabel('Items correct').fill('8');
    await page.getByRole('button', { name: 'Log activity' }).click();
    await page.getByText('Activity logged: 8 points.').waitFor();
    await waitForText(page.getByRole('table', { name: 'Activities' }), '8 / 10');

    // Thirty minutes have passed (sessions under five minutes earn nothing).
    await d.own.sql(`UPDATE study_sessions SET start_time = start_time - interval '30 minutes'
                     WHERE user_id = '${DEMO}' AND status = 'active'`);
    await page.getByRole('button', { name: 'End session…' }).click();
    await page.getByRole('combobox', { name: /^Mood/ }).selectOption('4');
    await page.getByRole('button', { name: 'End and save' }).click();
    // 15 points for 30 minutes, 8 for the test
    await page.getByText('Session ended after 30 min: 23 points.').waitFor();
    await page.getByRole('heading', { name: 'Start a session' }).waitFor();

    const history = page.getByTestId('history');
    // The list re-renders when the award lands: retry rather than read it mid-render.
    await waitForText(history.locator('tbody tr').first(), '30 min');
    await expect.poll(() => history.locator('tbody tr').count()).toBe(1);
    await waitForText(history.locator('tbody tr').first(), 'Class 101');
    // The award lands asynchronously through the event bus; the page watches for it.
    await waitForText(page.getByTestId('points-total'), '23');
    await d.screenshot('sessions-after-end');

    // The session's own page lists the activity.
    await history.getByRole('link').first().click();
    await page.getByRole('heading', { name: /^Session of/ }).waitFor();
    await waitForText(page.getByRole('table', { name: 'Activities' }), '80 %');
    expect(await page.locator('.stats').textContent()).toContain('4 of 5');
    expect(d.pageErrors).toEqual([]);
  });

  it('pauses and resumes with the keyboard', async () => {
    const page = d.page;
    await d.open('/dashboard/sessions');
    await page.getByRole('button', { name: 'Start session' }).focus();
    await page.keyboard.press('Enter');
    const pause = page.getByRole('button', { name: 'Pause' });
    await pause.waitFor();
    await pause.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Paused', { exact: true }).first().waitFor();
    const frozen = await page.getByRole('timer').textContent();
    await page.getByRole('button', { name: 'Resume' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    expect(frozen).toMatch(/^\d+:\d{2}$/);
    const [active] = await d.own.rows<{ status: string; pauses: number }>(`
      SELECT s.status, (SELECT count(*) FROM session_pauses p WHERE p.session_id = s.id)::int AS pauses
      FROM study_sessions s WHERE s.user_id = '${DEMO}' AND s.status <> 'completed'`);
    expect(active).toEqual({ status: 'active', pauses: 1 });
  });

  it('signs in again by itself when the API refuses an expired token', async () => {
    const page = d.page;
    const expired = d.own.stack.issuer.token({ user: DEMO, expiresIn: -60 });
    // The page still believes its token is good: the API is the one to say no.
    await page.evaluate((token) => {
      sessionStorage.setItem(
        'study-analytics.tokens',
        JSON.stringify({ accessToken: token, expiresAt: Date.now() + 3_600_000 }),
      );
    }, expired);
    const refused: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/analytics/') && r.status() === 401) refused.push(r.status());
    });
    await d.open('/dashboard/sessions');
    await page.getByTestId('active-session').waitFor();
    await waitForText(page.getByTestId('history').locator('tbody tr'), '30 min');
    expect(refused.length).toBeGreaterThan(0);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('says the API cannot be reached when it is down, and offers to try again', async () => {
    const page = d.page;
    await d.open('/dashboard/sessions');
    await page.getByTestId('active-session').waitFor();
    await d.own.stack.gateway.close();
    await page.getByRole('link', { name: 'Goals' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('cannot be reached');
    expect(await alert.getByRole('button', { name: 'Try again' }).count()).toBe(1);
    await d.screenshot('api-down');
  });
});
