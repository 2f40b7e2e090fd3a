import { describe, expect, it } from 'vitest';
import {
  correctedTimes,
  pastSessionProblems,
  studiedSeconds,
} from '../../functions/core/past-sessions';
import { sessionLimits } from '../../functions/platform/session-limits';

const now = new Date('2026-12-01T12:00:00Z');
const bounds = { now, windowDays: 30, maxHours: 12 };
const paths = (times: Parameters<typeof pastSessionProblems>[0]) =>
  pastSessionProblems(times, bounds).map((i) => i.path);

describe('the bounds of a recorded session', () => {
  it('accepts a past session within the window, the cap and its pauses', () => {
    expect(
      paths({
        start_time: '2026-11-30T18:00:00+13:00',
        end_time: '2026-11-30T20:00:00+13:00',
        pauses: [
          { paused_at: '2026-11-30T06:30:00Z', resumed_at: '2026-11-30T06:40:00Z' },
          { paused_at: '2026-11-30T05:10:00Z', resumed_at: '2026-11-30T05:20:00Z' },
        ],
      }),
    ).toEqual([]);
  });

  it.each([
    ['ends in the future', '2026-12-01T11:00:00Z', '2026-12-01T12:02:00Z', 'body.end_time'],
    ['ends a minute ahead: clock skew', '2026-12-01T11:00:00Z', '2026-12-01T12:00:59Z', null],
    ['starts before the window', '2026-10-31T11:59:00Z', '2026-10-31T13:00:00Z', 'body.start_time'],
    ['ends before it starts', '2026-11-30T10:00:00Z', '2026-11-30T09:00:00Z', 'body.end_time'],
    ['lasts longer than the cap', '2026-11-30T00:00:00Z', '2026-11-30T12:00:01Z', 'body.end_time'],
    ['lasts exactly the cap', '2026-11-30T00:00:00Z', '2026-11-30T12:00:00Z', null],
  ])('%s', (_, start_time, end_time, path) => {
    expect(paths({ start_time, end_time, pauses: [] })).toEqual(path ? [path] : []);
  });

  it('names pauses outside the session, overlapping or backwards', () => {
    const session = { start_time: '2026-11-30T10:00:00Z', end_time: '2026-11-30T11:00:00Z' };
    expect(
      paths({
        ...session,
        pauses: [
          { paused_at: '2026-11-30T09:50:00Z', resumed_at: '2026-11-30T10:10:00Z' },
          { paused_at: '2026-11-30T10:20:00Z', resumed_at: '2026-11-30T10:40:00Z' },
          { paused_at: '2026-11-30T10:30:00Z', resumed_at: '2026-11-30T10:35:00Z' },
          { paused_at: '2026-11-30T10:55:00Z', resumed_at: '2026-11-30T10:50:00Z' },
        ],
      }),
    ).toEqual(['body.pauses.0', 'body.pauses.2', 'body.pauses.3.resumed_at']);
  });

  it('counts wall time minus pauses', () => {
    expect(
      studiedSeconds({
        start_time: '2026-11-30T10:00:00Z',
        end_time: '2026-11-30T11:00:30Z',
        pauses: [{ paused_at: '2026-11-30T10:10:00Z', resumed_at: '2026-11-30T10:25:00Z' }],
      }),
    ).toBe(45 * 60 + 30);
  });
});

describe('a correction', () => {
  const stored = {
    start_time: '2026-11-30T10:00:00.000Z',
    end_time: '2026-11-30T11:00:00.000Z',
    paused_seconds: 600,
    first_paused_at: '2026-11-30T10:30:00.000Z',
    last_resumed_at: '2026-11-30T10:40:00.000Z',
  };

  it('keeps the stored pauses when they still fit, and subtracts them', () => {
    const fixed = correctedTimes(stored, { end_time: '2026-11-30T12:00:00Z' }, bounds);
    expect(fixed).toMatchObject({ durationSeconds: 110 * 60 });
  });

  it('asks for the pauses when the stored ones would fall outside', () => {
    const fixed = correctedTimes(stored, { end_time: '2026-11-30T10:35:00Z' }, bounds);
    expect(fixed.issues?.map((i) => i.path)).toEqual(['body.pauses']);
  });

  it('replaces the pauses when given', () => {
    const fixed = correctedTimes(stored, { end_time: '2026-11-30T10:35:00Z', pauses: [] }, bounds);
    expect(fixed).toMatchObject({ durationSeconds: 35 * 60 });
  });
});

describe('configured bounds', () => {
  it('default to 30 days and 12 hours, and refuse what is not a number in range, naming it', () => {
    expect(sessionLimits({})).toEqual({ windowDays: 30, maxHours: 12 });
    expect(sessionLimits({ PAST_SESSION_WINDOW_DAYS: '7', SESSION_MAX_HOURS: '4' })).toEqual({
      windowDays: 7,
      maxHours: 4,
    });
    for (const bad of ['0', '-1', 'abc', '400', '2.5']) {
      expect(() => sessionLimits({ PAST_SESSION_WINDOW_DAYS: bad })).toThrow(
        /PAST_SESSION_WINDOW_DAYS/,
      );
    }
  });
});
