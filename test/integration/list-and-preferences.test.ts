import { describe, expect, it } from 'vitest';
import { call, newUser } from '../support/api';

async function completedSessions(user: string, count: number, classId?: number) {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const { body } = await call('POST', '/sessions/start', {
      user,
      body: classId ? { class_id: classId } : {},
    });
    await call('PUT', `/sessions/${body.session_id}/end`, { user });
    ids.push(body.session_id);
  }
  return ids;
}

describe('listing sessions', () => {
  it('pages newest first with a cursor and totals over every page', async () => {
    const user = newUser();
    const ids = await completedSessions(user, 5);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const res = await call('GET', `/sessions${query}`, { user });
      expect(res.status).toBe(200);
      expect(res.body.total_count).toBe(5);
      expect(res.body.sessions.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.sessions.map((s: { session_id: number }) => s.session_id));
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by class', async () => {
    const user = newUser();
    await completedSessions(user, 2, 11);
    await completedSessions(user, 1, 12);
    const res = await call('GET', '/sessions?class_id=11', { user });
    expect(res.body.total_count).toBe(2);
    expect(res.body.sessions.every((s: { class_id: number }) => s.class_id === 11)).toBe(true);
  });

  it("reads dates as days in the student's time zone", async () => {
    const user = newUser();
    await completedSessions(user, 1);
    // "Today" for a student far east of UTC can be tomorrow in UTC, and vice versa; either way
    // the session must be found on the local day it started.
    for (const timezone of ['Pacific/Kiritimati', 'Pacific/Honolulu', 'UTC']) {
      await call('PUT', '/preferences', { user, body: { timezone } });
      const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(new Date());
      const sameDay = await call('GET', `/sessions?start_date=${localDay}&end_date=${localDay}`, {
        user,
      });
      expect(sameDay.body.total_count, timezone).toBe(1);
      const dayBefore = new Date(`${localDay}T00:00:00Z`);
      dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
      const yesterday = dayBefore.toISOString().slice(0, 10);
      const before = await call('GET', `/sessions?start_date=${yesterday}&end_date=${yesterday}`, {
        user,
      });
      expect(before.body.total_count, timezone).toBe(0);
    }
  });

  it('is empty, not an error, for a new student', async () => {
    const res = await call('GET', '/sessions', { user: newUser() });
    expect(res.body).toEqual({
      sessions: [],
      total_count: 0,
      total_minutes: 0,
      avg_duration: 0,
      next_cursor: null,
    });
  });
});

describe('preferences', () => {
  it('default to UTC and Monday, no emails, and update partially', async () => {
    const user = newUser();
    const defaults = {
      timezone: 'UTC',
      week_start: 'monday',
      day_starts_at_hour: 0,
      email: null,
      daily_report: false,
      weekly_report: false,
      report_hour: 7,
      skip_empty: true,
      weekly_target_minutes: null,
      email_status: { state: 'none', reason: null, since: null },
    };
    expect((await call('GET', '/preferences', { user })).body).toEqual(defaults);
    const put = await call('PUT', '/preferences', { user, body: { timezone: 'Pacific/Auckland' } });
    expect(put.body).toEqual({ ...defaults, timezone: 'Pacific/Auckland' });
    await call('PUT', '/preferences', {
      user,
      body: {
        week_start: 'sunday',
        day_starts_at_hour: 4,
        email: 'ana@example.edu',
        daily_report: true,
        report_hour: 6,
      },
    });
    expect((await call('GET', '/preferences', { user })).body).toEqual({
      ...defaults,
      timezone: 'Pacific/Auckland',
      week_start: 'sunday',
      day_starts_at_hour: 4,
      email: 'ana@example.edu',
      daily_report: true,
      report_hour: 6,
      email_status: { state: 'active', reason: null, since: null },
    });
    // null removes the address; leaving it out keeps it.
    await call('PUT', '/preferences', { user, body: { weekly_report: true } });
    expect((await call('GET', '/preferences', { user })).body.email).toBe('ana@example.edu');
    const cleared = await call('PUT', '/preferences', { user, body: { email: null } });
    expect(cleared.body).toMatchObject({
      email: null,
      daily_report: true,
      weekly_report: true,
      email_status: { state: 'none' },
    });
  });

  it.each([
    [{ email: 'not-an-address' }, 'body.email'],
    [{ report_hour: 24 }, 'body.report_hour'],
    [{ daily_report: 'yes' }, 'body.daily_report'],
  ])('refuses %j naming %s', async (body, field) => {
    const res = await call('PUT', '/preferences', { user: newUser(), body });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe(field);
  });
});
