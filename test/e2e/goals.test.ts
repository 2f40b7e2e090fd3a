import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { type Dashboard, DEMO, startDashboard, waitForText } from './support/dashboard';

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

describe('goals page', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await startDashboard({ bypassCSP: true });
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await d.screenshot(`failed-goals-${task.name}`);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('creates a goal and sees it move after a session', async () => {
    const page = d.page;
    await d.open('/dashboard/goals');
    await page.getByText('No active goals').waitFor();

    const form = page.getByRole('form', { name: 'New goal' });
    await form.getByLabel('Name').fill('Two hours this month');
    await form.getByRole('combobox', { name: /^Type/ }).selectOption('study_time');
    await form.getByLabel('Target (minutes)').fill('120');
    // From yesterday, so a session that began before midnight still counts whatever the hour.
    await form.getByLabel('Starts').fill(isoDay(new Date(Date.now() - 86_400_000)));
    await form.getByLabel('Target date').fill('2030-12-31');
    await form.getByRole('button', { name: 'Create goal' }).click();
    await page.getByText('Goal “Two hours this month” created.').waitFor();

    const card = page.getByRole('article', { name: 'Two hours this month' });
    await waitForText(card.getByTestId('goal-current'), '0 min');
    expect(await card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');

    // A 30-minute session through the API, as another device of the student would record it.
    const api = d.own.api(DEMO);
    const started = await api.call('post', '/sessions/start', { body: { session_type: 'solo' } });
    await d.own.sql(`UPDATE study_sessions SET start_time = start_time - interval '30 minutes'
                     WHERE id = ${started.session_id}`);
    const id = String(started.session_id);
    const ended = await api.call('put', '/sessions/{id}/end', { params: { id }, body: {} });
    expect(ended.status).toBe('completed');

    const nav = page.getByRole('navigation', { name: 'Dashboard' });
    await nav.getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('heading', { name: 'Sessions', level: 1 }).waitFor();
    await nav.getByRole('link', { name: 'Goals' }).click();
    await waitForText(card.getByTestId('goal-current'), '30 min');
    expect(await card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    expect(await card.getByRole('list', { name: 'Milestones' }).textContent()).toContain(
      '25 % reached',
    );
    await d.screenshot('goals-after-session');
    expect(d.pageErrors).toEqual([]);
  });

  it('edits the target and abandons the goal', async () => {
    const page = d.page;
    const card = page.getByRole('article', { name: 'Two hours this month' });
    await card.getByRole('button', { name: 'Edit' }).click();
    await card.getByLabel('Target', { exact: true }).fill('60');
    await card.getByRole('button', { name: 'Save' }).click();
    await waitForText(card, 'of 1 h');
    expect(await card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');

    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Abandon' }).click();
    await page.getByText('No active goals').waitFor();
    await page.getByRole('combobox', { name: /^Show/ }).selectOption('abandoned');
    await waitForText(page.getByRole('article', { name: 'Two hours this month' }), 'Abandoned');
  });

  it('shows a recurring goal’s periods', async () => {
    const page = d.page;
    await page.getByRole('combobox', { name: /^Show/ }).selectOption('active');
    const form = page.getByRole('form', { name: 'New goal' });
    await form.getByLabel('Name').fill('Daily half hour');
    await form.getByLabel('Target (minutes)').fill('30');
    await form.getByLabel('Target date').fill('2030-12-31');
    await form.getByLabel('Repeats').check();
    await form.getByRole('combobox', { name: /^Every/ }).selectOption('daily');
    await form.getByRole('button', { name: 'Create goal' }).click();
    const card = page.getByRole('article', { name: 'Daily half hour' });
    await card.waitFor();
    await card.getByText('Period history').click();
    // Today's period, met or not depending on when today's 30 minutes began.
    const today = card.getByRole('table').locator('tbody tr');
    await waitForText(today, /Met|In progress/);
    expect(await card.getByText(/Met \d+ periods? in a row/).count()).toBe(1);
  });

  it('shows a recurring goal’s met and missed periods and celebrates a milestone', async () => {
    const page = d.page;
    const form = page.getByRole('form', { name: 'New goal' });
    await form.getByLabel('Name').fill('Pages a week');
    await form.getByRole('combobox', { name: /^Type/ }).selectOption('custom');
    await form.getByLabel('Target', { exact: true }).fill('10');
    await form.getByLabel('Unit').fill('pages');
    await form.getByLabel('Starts').fill(isoDay(new Date(Date.now() - 14 * 86_400_000)));
    await form.getByLabel('Target date').fill('2030-12-31');
    await form.getByLabel('Repeats').check();
    await form.getByRole('combobox', { name: /^Every/ }).selectOption('weekly');
    await form.getByRole('button', { name: 'Create goal' }).click();
    await page.getByText('Goal “Pages a week” created.').waitFor();

    // Last week's pages, recorded then: that week is met, the ones before it missed.
    await d.own.sql(`INSERT INTO goal_progress (goal_id, value, recorded_at)
                     SELECT id, 12, now() - interval '7 days' FROM study_goals
                     WHERE goal_name = 'Pages a week'`);
    await d.open('/dashboard/goals');
    const card = page.getByRole('article', { name: 'Pages a week' });
    const calendar = card.getByRole('list', { name: 'Pages a week: met and missed periods' });
    await calendar.waitFor();
    // What a screen reader hears for each cell (the drawn mark is hidden from it).
    const labels = async () =>
      (await calendar.ariaSnapshot())
        .split('\n')
        .map((line) => /listitem "(.*)"/.exec(line)?.[1])
        .filter((label) => label !== undefined);
    let cells = await labels();
    expect(cells.length).toBeGreaterThanOrEqual(3);
    expect(cells.at(-1)).toMatch(/^Week of \d+ \w+ \(current\): in progress, 0 pages of 10 pages$/);
    expect(cells.at(-2)).toMatch(/^Week of \d+ \w+: met, 12 pages of 10 pages$/);
    for (const earlier of cells.slice(0, -2)) {
      expect(earlier).toMatch(/^Week of \d+ \w+: missed, 0 pages of 10 pages$/);
    }
    expect(await calendar.locator('[aria-current="date"]').count()).toBe(1);
    const status = page.getByRole('status').filter({ hasText: 'Milestone reached' });
    expect(await status.count()).toBe(0);

    // Half the target this week: the 50 % milestone lands and is announced.
    await card.getByRole('button', { name: 'Record progress' }).click();
    await card.getByLabel('Amount (pages)').fill('6');
    await card.getByRole('button', { name: 'Add progress' }).click();
    await waitForText(status, 'Milestone reached: 50 % of “Pages a week”!');
    await waitForText(calendar.getByRole('listitem').last(), 'in progress, 6 pages of 10 pages');
    cells = await labels();
    expect(cells.at(-2)).toMatch(/: met, 12 pages of 10 pages$/);
    expect(await axeViolations(page)).toEqual([]);

    // Seen once: coming back does not celebrate the same milestone again.
    await d.open('/dashboard/goals');
    await calendar.waitFor();
    expect(await status.count()).toBe(0);

    // Dark and at phone width: still axe clean and no wider than the screen.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await d.screenshot('goals-calendar-dark-phone');
    expect(d.pageErrors).toEqual([]);
  });
});
