import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isoWeek, isoWeekMonday, shiftPeriod } from '../../web/src/lib/periods';
import { type Dashboard, DEMO, pastStudy, startDashboard, waitForText } from './support/dashboard';

const DAY_MS = 86_400_000;
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

// A week two weeks back: complete, and the same week in every time zone used here.
const week = isoWeek(new Date(Date.now() - 14 * DAY_MS).toISOString().slice(0, 10));
const wednesday = addDays(isoWeekMonday(week), 2);
const thursday = addDays(wednesday, 1);

describe('reports page', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await startDashboard();
    // 45 minutes on Wednesday evening, UTC: Thursday morning in Tokyo.
    await pastStudy(d, new Date(`${wednesday}T20:00:00Z`), 45, 7);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await d.screenshot(`failed-reports-${task.name}`);
  });
  afterAll(async () => {
    await d?.close();
  });

  const dayRow = (date: string) =>
    d.page.getByTestId('report-days').locator(`tbody tr[data-date="${date}"]`);

  it('opens the weekly report and exports it as CSV', async () => {
    const page = d.page;
    await d.open(`/dashboard/reports?kind=weekly&week=${week}`);
    await waitForText(dayRow(wednesday).getByTestId('day-minutes'), '45 min');
    expect(await dayRow(thursday).getByTestId('day-minutes').textContent()).toBe('0 min');
    expect(await page.locator('.stats').first().textContent()).toContain('45 min');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^date,minutes,/);
    expect(lines.find((l) => l.startsWith(`${wednesday},`))?.split(',')[1]).toBe('45');
    await page.getByText(/^Downloaded .*\.csv\.$/).waitFor();
    await d.screenshot('reports-weekly');
    expect(d.pageErrors).toEqual([]);
  });

  it('previews the report as the email it is sent as', async () => {
    const page = d.page;
    await page.getByText('Preview the email').click();
    const email = page.frameLocator('iframe[title="Email preview"]').locator('body');
    await waitForText(email, '45');
    await d.screenshot('reports-email-preview');
  });

  it('moves the study to another day when the time zone changes', async () => {
    const page = d.page;
    const form = page.getByRole('form', { name: 'Preferences' });
    await form.getByRole('combobox', { name: 'Time zone' }).selectOption('Asia/Tokyo');
    await form.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Preferences saved.').waitFor();

    await waitForText(dayRow(thursday).getByTestId('day-minutes'), '45 min');
    expect(await dayRow(wednesday).getByTestId('day-minutes').textContent()).toBe('0 min');
    expect(await page.getByText('(Asia/Tokyo)').count()).toBeGreaterThan(0);
    await d.screenshot('reports-weekly-tokyo');
  });

  it('saves the emailed-report preferences', async () => {
    const page = d.page;
    const form = page.getByRole('form', { name: 'Preferences' });
    await form.getByLabel('Email address').fill('demo@example.test');
    await form.getByLabel('Weekly report').check();
    await form.getByRole('combobox', { name: 'Send at' }).selectOption('18');
    await form.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Preferences saved.').waitFor();
    const saved = await d.own.call(DEMO, 'GET', '/preferences');
    expect(saved.body).toMatchObject({
      timezone: 'Asia/Tokyo',
      email: 'demo@example.test',
      weekly_report: true,
      report_hour: 18,
    });
  });

  it('opens on the last complete week by default', async () => {
    // The study two weeks back is not in it, so only the period named in the URL changes.
    await d.open('/dashboard/reports?kind=weekly');
    const tokyoToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(
      new Date(),
    );
    const lastWeek = shiftPeriod('weekly', isoWeek(tokyoToday), -1);
    await dayRow(isoWeekMonday(lastWeek)).waitFor();
    await d.open(`/dashboard/reports?kind=weekly&week=${week}`);
    await dayRow(wednesday).waitFor();
  });

  it('pages to the previous week and to the current one', async () => {
    const page = d.page;
    await page.getByRole('button', { name: 'Previous' }).click();
    const previous = shiftPeriod('weekly', week, -1);
    await page.waitForURL((url) => url.searchParams.get('week') === previous);
    await dayRow(isoWeekMonday(previous)).waitFor();
    expect(await dayRow(wednesday).count()).toBe(0);
    await page.getByRole('button', { name: 'This week' }).click();
    await page.getByRole('button', { name: 'Download CSV' }).waitFor();
    const tokyoToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(
      new Date(),
    );
    expect(new URL(page.url()).searchParams.get('week')).toBe(isoWeek(tokyoToday));
  });
});
