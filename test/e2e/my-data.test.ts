import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { type Dashboard, DEMO, pastStudy, startDashboard } from './support/dashboard';

describe('your data page: download and delete the account', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await startDashboard({ bypassCSP: true });
    await pastStudy(d, new Date(Date.now() - 2 * 86_400_000), 40, 1);
    await pastStudy(d, new Date(Date.now() - 86_400_000), 25);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await d.screenshot(`failed-my-data-${task.name}`);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('is reachable from the navigation by keyboard and has no axe violations, light or dark', async () => {
    const page = d.page;
    await d.open('/dashboard/analytics');
    const link = page
      .getByRole('navigation', { name: 'Dashboard' })
      .getByRole('link', { name: 'Your data' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your data', level: 1 }).waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('downloads everything as JSON, the pages joined into one file', async () => {
    const page = d.page;
    await d.open('/dashboard/my-data');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download all (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^study-analytics-\d{4}-\d{2}-\d{2}\.json$/);
    const path = await download.path();
    const data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(data.user_id).toBe(DEMO);
    expect(data).not.toHaveProperty('next_cursor');
    expect(data.sessions).toHaveLength(2);
    await page.getByText('Your data was downloaded as JSON.').waitFor();
  });

  it('downloads the sessions as CSV', async () => {
    const page = d.page;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download sessions (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^study-sessions-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync(await download.path(), 'utf8');
    // A header, then a line per session and activity.
    expect(text.trim().split(/\r?\n/).length).toBeGreaterThanOrEqual(3);
    await page.getByText('Your sessions were downloaded as CSV.').waitFor();
  });

  it('deletes the account only with the typed confirmation, then starts afresh', async () => {
    const page = d.page;
    const form = page.getByRole('form', { name: 'Delete your account' });
    await form.getByLabel('Type DELETE to confirm').fill('delete');
    await form.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByRole('alert').filter({ hasText: 'Type DELETE in capitals' }).waitFor();
    expect(await d.own.rows(`SELECT count(*)::int AS n FROM study_sessions`)).toEqual([{ n: 2 }]);

    await form.getByLabel('Type DELETE to confirm').fill('DELETE');
    await form.getByLabel('Type DELETE to confirm').press('Enter');
    await page.waitForURL(/\/dashboard\/analytics$/);
    // A new student again: the first-run form, not the old figures.
    await page.getByRole('button', { name: 'Save and start my first session' }).waitFor();
    expect(await d.own.rows(`SELECT count(*)::int AS n FROM study_sessions`)).toEqual([{ n: 0 }]);
    expect(d.pageErrors).toEqual([]);
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const page = d.page;
    await page.setViewportSize({ width: 375, height: 740 });
    await d.open('/dashboard/my-data');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await d.screenshot('my-data-phone');
  });
});
