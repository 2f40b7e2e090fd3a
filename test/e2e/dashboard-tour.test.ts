/**
 * Every page at phone and desktop width, light and dark: screenshots, no console errors (a
 * refused request is one), axe WCAG 2.1 AA clean; and what a student relies on: defaults that
 * never land on an empty period, class names, the hero, values by keyboard on the chart and the
 * calendar. `UPDATE_DOC_SCREENSHOTS=1` also writes the README's two screenshots.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { type Dashboard, DEMO, pastStudy, startDashboard, waitForText } from './support/dashboard';

const DAY_MS = 86_400_000;
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1440, height: 900 };
const PAGES = ['analytics', 'sessions', 'goals', 'reports'] as const;
const DOCS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const RESULTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

describe('the dashboard a student prefers', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await startDashboard({ bypassCSP: true, viewport: DESKTOP });
    await d.own.sql(
      `INSERT INTO classes (id, name, updated_at) VALUES (105, 'English Literature', now()), (106, 'Organic Chemistry', now())`,
    );
    // Study on each of the 12 days before today, none today: whatever the weekday, the last
    // 7 days and the last complete week both hold study, while "today" is empty.
    const midday = Date.UTC(
      new Date().getUTCFullYear(),
      new Date().getUTCMonth(),
      new Date().getUTCDate(),
      12,
    );
    for (let daysAgo = 1; daysAgo <= 12; daysAgo += 1) {
      await pastStudy(
        d,
        new Date(midday - daysAgo * DAY_MS),
        30 + daysAgo * 5,
        105 + (daysAgo % 2),
      );
    }
    // A short session: 0 points, which the points list must not show as "+0".
    await pastStudy(d, new Date(midday - 13 * DAY_MS), 3, 105);
    await d.own.call(DEMO, 'POST', '/goals', {
      goal_type: 'study_time',
      goal_name: 'Five hours a week',
      target_value: 300,
      target_date: '2030-12-31',
      is_recurring: true,
      recurrence_pattern: 'weekly',
      class_id: 105,
    });
    await d.own.call(DEMO, 'PUT', '/preferences', { weekly_target_minutes: 300 });
    // Awards arrive through the event bus.
    await d.own.stack.bus.idle();
    // A stack, a browser and thirteen sessions: on a busy machine this takes a while.
  }, 300_000);
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await d.screenshot(`failed-tour-${task.name}`);
  });
  afterAll(async () => {
    await d?.close();
  });

  const settled = async (path: string) => {
    await d.open(path);
    await d.page.locator('.state-loading').first().waitFor({ state: 'detached' });
    await d.page.locator('[data-chart][data-rendered="false"]').first().waitFor({
      state: 'detached',
    });
  };

  for (const scheme of ['light', 'dark'] as const) {
    for (const [size, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      it(`shows every page ${scheme} at ${viewport.width} px: no console errors, axe clean`, async () => {
        const page = d.page;
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme: scheme });
        for (const name of PAGES) {
          d.consoleErrors.length = 0;
          await settled(`/dashboard/${name}`);
          expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
          // Nothing wider than the screen: tables turn into cards, the calendar scrolls inside.
          expect(
            await page.evaluate(() => document.documentElement.scrollWidth),
          ).toBeLessThanOrEqual(viewport.width);
          await d.screenshot(`${name}-${size}-${scheme}`);
          expect(await axeViolations(page), `${name} ${size} ${scheme}`).toEqual([]);
          expect(d.consoleErrors, `${name} ${size} ${scheme}`).toEqual([]);
        }
        if (process.env.UPDATE_DOC_SCREENSHOTS && `${size}-${scheme}` === 'desktop-light') {
          mkdirSync(DOCS, { recursive: true });
          copyFileSync(
            join(RESULTS, 'analytics-desktop-light.png'),
            join(DOCS, 'desktop-light.png'),
          );
        }
        if (process.env.UPDATE_DOC_SCREENSHOTS && `${size}-${scheme}` === 'phone-dark') {
          mkdirSync(DOCS, { recursive: true });
          copyFileSync(join(RESULTS, 'analytics-phone-dark.png'), join(DOCS, 'phone-dark.png'));
        }
        expect(d.pageErrors).toEqual([]);
      });
    }
  }

  it('opens Analytics on the last 7 days with the hero, never on an empty period', async () => {
    const page = d.page;
    await page.setViewportSize(DESKTOP);
    await page.emulateMedia({ colorScheme: 'light' });
    await settled('/dashboard/analytics');
    expect(await page.getByRole('radio', { name: 'Last 7 days' }).isChecked()).toBe(true);
    const overview = page.locator('#overview .stats');
    expect(await overview.textContent()).not.toContain('0 min');
    expect(await overview.textContent()).toContain('vs the 7 days before');
    const hero = page.getByTestId('hero');
    expect(await hero.getByRole('img').getAttribute('aria-label')).toMatch(
      /of your 5 h weekly target/,
    );
    expect(await page.getByTestId('hero-today').textContent()).toBe('0 min');
    // Studied every day up to yesterday: the streak runs, and today's 15 minutes keep it.
    expect(await page.getByTestId('hero-streak').textContent()).toBe('12 days');
    await hero.getByText('15 min today keeps it.').waitFor();
    expect(await page.getByTestId('hero-milestone').textContent()).toContain('Five hours a week');
    // Students are compared over a complete week: no refused request, no error box.
    await page.getByRole('radio', { name: 'Today' }).check();
    await page.locator('#comparison .state-loading').first().waitFor({ state: 'detached' });
    expect(await page.locator('#comparison [role="alert"]').count()).toBe(0);
    // Points: the 0-point session is not listed as "+0".
    expect(await page.locator('#points').textContent()).not.toContain('+0');
    expect(d.consoleErrors).toEqual([]);
  });

  it('shows class names everywhere, and picks classes by name', async () => {
    const page = d.page;
    await settled('/dashboard/sessions');
    await waitForText(page.getByTestId('history'), 'English Literature');
    expect(await page.getByTestId('history').textContent()).not.toContain('Class 105');
    const picker = page.getByRole('combobox', { name: 'Class' }).first();
    expect(await picker.locator('option').allTextContents()).toEqual(
      expect.arrayContaining(['English Literature', 'Organic Chemistry']),
    );
    await settled('/dashboard/goals');
    await waitForText(page.getByTestId('goal').first(), 'English Literature');
    // A recurring goal has no "done by" projection.
    expect(await page.getByTestId('goal').first().textContent()).not.toContain('done by');
  });

  it('opens Reports on the last complete week, with no monthly preview request', async () => {
    const page = d.page;
    await settled('/dashboard/reports');
    const studied = await page.locator('#report .stats .stat-value').first().textContent();
    expect(studied).not.toBe('0 min');
    await page.getByRole('radio', { name: 'Monthly' }).check();
    await page.locator('#report .state-loading').first().waitFor({ state: 'detached' });
    expect(await page.getByText('Preview the email').count()).toBe(0);
    expect(d.consoleErrors).toEqual([]);
  });

  it('reads the trends chart and the calendar by keyboard; Enter opens the day', async () => {
    const page = d.page;
    await settled('/dashboard/analytics');
    const chart = page.locator('#trends .chart-canvas');
    await chart.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    const tip = page.getByTestId('chart-tip');
    await tip.waitFor();
    const yesterday = await tip.textContent();
    expect(yesterday).toMatch(/ · \d+ (h|min)/);

    const today = page.locator('#calendar rect[tabindex="0"]');
    await today.focus();
    await page.keyboard.press('ArrowUp');
    const focused = page.locator('#calendar rect:focus');
    const date = await focused.getAttribute('data-date');
    // Roving tabindex: the focused day is the calendar's one tab stop.
    await expect.poll(() => focused.getAttribute('tabindex')).toBe('0');
    expect(await page.locator('#calendar rect[tabindex="0"]').count()).toBe(1);
    await waitForText(page.getByTestId('heatmap-tip'), /min/);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`kind=daily&date=${date}`));
    await page.locator('#report .stats').waitFor();
  });

  it('runs a whole session by keyboard; focus stays on the control, the page never blanks', async () => {
    const page = d.page;
    await settled('/dashboard/sessions');
    await page.getByRole('button', { name: 'Start session' }).focus();
    await page.keyboard.press('Enter');
    const pause = page.getByRole('button', { name: 'Pause' });
    await pause.waitFor();
    await page.getByTestId('mini-timer').waitFor();
    await pause.focus();
    await page.keyboard.press('Enter');
    // The same button now resumes, and still has the focus: Enter again resumes.
    const resume = page.getByRole('button', { name: 'Resume' });
    await resume.waitFor();
    expect(await resume.evaluate((b) => b === document.activeElement)).toBe(true);
    await waitForText(page.getByTestId('mini-timer'), 'paused');
    expect(await page.locator('#history .state-loading').count()).toBe(0);
    await page.keyboard.press('Enter');
    await pause.waitFor();
    expect(await pause.evaluate((b) => b === document.activeElement)).toBe(true);
    await page.getByRole('button', { name: 'End session…' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'End and save' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/^Session ended after/).waitFor();
    await page.getByTestId('mini-timer').waitFor({ state: 'detached' });
    expect(d.pageErrors).toEqual([]);
  });
});
