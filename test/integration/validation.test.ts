import { describe, expect, it } from 'vitest';
import { call, newUser } from '../support/api';

const issuePaths = (body: { issues?: { path: string }[] }) => body.issues?.map((i) => i.path) ?? [];

describe('bad input is a 400 naming the field', () => {
  it.each([
    [{ session_type: 'party' }, 'body.session_type'],
    [{ class_id: -3 }, 'body.class_id'],
    [{ focus_mode: 'yes' }, 'body.focus_mode'],
    [{ surprise: 1 }, 'body.surprise'],
  ])('start with %j', async (body, path) => {
    const res = await call('POST', '/sessions/start', { user: newUser(), body });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_error');
    expect(issuePaths(res.body)).toContain(path);
    expect(res.body.message).toContain(path);
  });

  it('an activity with more correct items than completed', async () => {
    const user = newUser();
    const { body } = await call('POST', '/sessions/start', { user, body: {} });
    const res = await call('POST', `/sessions/${body.session_id}/activities`, {
      user,
      body: { activity_type: 'testing', items_completed: 2, items_correct: 3 },
    });
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(['body.items_correct']);
  });

  it('an unknown activity type and out-of-range ratings', async () => {
    const user = newUser();
    const { body } = await call('POST', '/sessions/start', { user, body: {} });
    const activity = await call('POST', `/sessions/${body.session_id}/activities`, {
      user,
      body: { activity_type: 'napping' },
    });
    expect(issuePaths(activity.body)).toEqual(['body.activity_type']);
    const end = await call('PUT', `/sessions/${body.session_id}/end`, {
      user,
      body: { mood_rating: 6, productivity_rating: 0 },
    });
    expect(end.status).toBe(400);
    expect(issuePaths(end.body).sort()).toEqual(['body.mood_rating', 'body.productivity_rating']);
  });

  it('a body that is not JSON', async () => {
    const res = await call('POST', '/sessions/start', {
      user: newUser(),
      body: '{"session_type":',
    });
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(['body']);
  });

  it('a body that is not declared as JSON is a 415', async () => {
    const res = await call('POST', '/sessions/start', {
      user: newUser(),
      body: 'session_type=solo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
  });

  it('a non-numeric session id', async () => {
    const res = await call('GET', '/sessions/abc', { user: newUser() });
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(['path.id']);
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=500', 'query.limit'],
    ['start_date=2026-13-01', 'query.start_date'],
    ['start_date=2026-05-02&end_date=2026-05-01', 'query.end_date'],
    ['class_id=abc', 'query.class_id'],
    ['cursor=not-a-cursor', 'query.cursor'],
  ])('list with %s', async (query, path) => {
    const res = await call('GET', `/sessions?${query}`, { user: newUser() });
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual([path]);
  });

  it('preferences with an unknown time zone or week start', async () => {
    const res = await call('PUT', '/preferences', {
      user: newUser(),
      body: { timezone: 'Moon/Base', week_start: 'friday' },
    });
    expect(res.status).toBe(400);
    expect(issuePaths(res.body).sort()).toEqual(['body.timezone', 'body.week_start']);
  });

  it.each([7, -1, 2.5])('a day start hour of %s', async (hour) => {
    const res = await call('PUT', '/preferences', {
      user: newUser(),
      body: { day_starts_at_hour: hour },
    });
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(['body.day_starts_at_hour']);
  });

  it('an oversized body is refused before parsing', async () => {
    const res = await call('POST', '/sessions/start', {
      user: newUser(),
      body: { location: 'x'.repeat(70 * 1024) },
    });
    expect(res.status).toBe(413);
  });
});
