/** A brand-new student's first screen: time zone from the browser, a weekly target, a start. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, DEMO, startDashboard } from './support/dashboard';

const PHONE = { width: 375, height: 812 };

describe('a new student', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await startDashboard({ viewport: PHONE, mobile: true });
    // A stack and a browser: on a busy machine this takes a while.
  }, 300_000);
  afterAll(async () => {
    await d?.close();
  });

  it('confirms the time zone from the browser, picks a target and starts', async () => {
    const page = d.page;
    await d.open('/dashboard/analytics');
    const zone = page.getByRole('combobox', { name: /Your time zone/ });
    await zone.waitFor();
    const detected = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(await zone.inputValue()).toBe(detected);
    await page.getByRole('spinbutton', { name: /Weekly study target/ }).fill('4');
    await page.getByRole('button', { name: 'Save and start my first session' }).click();
    await page.waitForURL(/\/dashboard\/sessions$/);
    await page.getByRole('button', { name: 'Start session' }).waitFor();
    const saved = await d.own.call(DEMO, 'GET', '/preferences');
    expect(saved.body).toMatchObject({ timezone: detected, weekly_target_minutes: 240 });
    expect(d.consoleErrors).toEqual([]);
  });
});
