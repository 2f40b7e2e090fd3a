import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, pastStudy, startDashboard, waitForText } from './support/dashboard';

const PHONE = { width: 375, height: 812 };

describe('analytics page at phone width', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await startDashboard({ viewport: PHONE, mobile: true });
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await d.screenshot(`failed-analytics-${task.name}`);
  });
  afterAll(async () => {
    await d?.close();
  });

  const pageWidth = () => d.page.evaluate(() => document.documentElement.scrollWidth);

  it('welcomes a brand-new student with a first-run form, not empty panels or errors', async () => {
    const page = d.page;
    await d.open('/dashboard/analytics');
    await page.getByRole('button', { name: 'Save and start my first session' }).waitFor();
    await page.getByRole('heading', { name: 'What will appear here' }).waitFor();
    expect(await page.locator('#calendar').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width);
    await d.screenshot('analytics-phone-empty');
  });

  it('draws the overview, trends chart and calendar within the phone’s width', async () => {
    const page = d.page;
    const now = Date.now();
    for (let daysAgo = 1; daysAgo <= 26; daysAgo += 1) {
      if (daysAgo % 3 === 0) continue;
      await pastStudy(
        d,
        new Date(now - daysAgo * 86_400_000),
        20 + (daysAgo % 5) * 10,
        1 + (daysAgo % 2),
      );
    }
    await page.reload();
    await page.locator('[data-chart="heatmap"][data-rendered="true"]').waitFor();
    await page.locator('.chart-canvas[data-rendered="true"]').waitFor();
    await page.getByRole('radio', { name: 'All time' }).check();
    await waitForText(page.locator('#overview .stats'), 'Study time');
    const studied = await page.locator('#overview .stat-value').first().textContent();
    expect(studied).toMatch(/\d+ h/);
    await waitForText(page.locator('#calendar figcaption'), /over \d+ days/);
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width);
    await page.locator('.chart-canvas[data-rendered="true"]').waitFor();
    await d.screenshot('analytics-phone');
    expect(d.pageErrors).toEqual([]);
  });

  it('stacks study time by class with a legend, and reads each class by keyboard', async () => {
    const page = d.page;
    await d.open('/dashboard/analytics');
    await page.locator('#trends .chart-canvas[data-rendered="true"]').waitFor();
    const legend = page.getByRole('list', { name: 'Study time by day: legend' });
    const items = await legend.getByRole('listitem').allTextContents();
    // The two classes studied (by name or number) and the 30 days before as ghost bars.
    expect(items).toHaveLength(3);
    expect(items.at(-1)).toBe('The 30 days before');
    await page.locator('#trends .chart-canvas').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    const tip = page.locator('#trends [data-testid="chart-tip"]');
    await waitForText(tip, 'The 30 days before');
    // Yesterday's class is one of the two, named in the tooltip beside the day's total.
    const text = (await tip.textContent()) ?? '';
    expect(items.slice(0, 2).some((name) => text.includes(`${name.trim()}:`))).toBe(true);
    expect(d.pageErrors).toEqual([]);
  });

  it('works from the keyboard: skip link, period switch, trends metric', async () => {
    const page = d.page;
    await d.open('/dashboard/analytics?period=weekly');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.getByRole('radio', { name: 'This week' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL((url) => url.searchParams.get('period') === 'monthly');
    await waitForText(page.locator('#overview-title'), 'this month');

    await page.getByRole('combobox', { name: 'Metric' }).selectOption('sessions');
    await page.waitForURL((url) => url.searchParams.get('metric') === 'sessions');
    await page.locator('[data-chart="Sessions by day"][data-rendered="true"]').waitFor();
  });

  it('keeps every page within the phone’s width', async () => {
    const page = d.page;
    const nav = page.getByRole('navigation', { name: 'Dashboard' });
    for (const name of ['Sessions', 'Goals', 'Reports']) {
      await nav.getByRole('link', { name }).click();
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      await page.locator('.state-loading').first().waitFor({ state: 'detached' });
      expect({ page: name, width: await pageWidth() }).toEqual({
        page: name,
        width: PHONE.width,
      });
      await d.screenshot(`${name.toLowerCase()}-phone`);
    }
  });
});
