import { describe, expect, it } from 'vitest';
import { goalStanding } from '../../functions/core/goals';

const base = { period_start: '2026-11-01', period_end: '2026-11-30' } as const;

describe('how a goal stands', () => {
  it('puts a cumulative goal on track against the days already over', () => {
    // 10 of 30 days over: 1/3 of 600 minutes expected.
    const on = goalStanding({
      ...base,
      goal_type: 'study_time',
      value: 200,
      target: 600,
      today: '2026-11-11',
    });
    expect(on).toMatchObject({ on_track: true, percentage_complete: 33.3, days_remaining: 19 });
    const off = goalStanding({
      ...base,
      goal_type: 'study_time',
      value: 150,
      target: 600,
      today: '2026-11-11',
    });
    expect(off.on_track).toBe(false);
    // The first day is still open: nothing is expected yet.
    expect(
      goalStanding({ ...base, goal_type: 'custom', value: 0, target: 5, today: '2026-11-01' })
        .on_track,
    ).toBe(true);
  });

  it('projects completion at the daily rate so far, today included', () => {
    // 11 days (Nov 1–11) gave 220: 20 a day, 380 to go → 19 more days.
    const s = goalStanding({
      ...base,
      goal_type: 'study_time',
      value: 220,
      target: 600,
      today: '2026-11-11',
    });
    expect(s.projected_completion_date).toBe('2026-11-30');
    expect(
      goalStanding({ ...base, goal_type: 'study_time', value: 0, target: 600, today: '2026-11-11' })
        .projected_completion_date,
    ).toBeNull();
    expect(
      goalStanding({
        ...base,
        goal_type: 'study_time',
        value: 600,
        target: 600,
        today: '2026-11-11',
      }).projected_completion_date,
    ).toBeNull();
  });

  it('treats accuracy goals as levels and streaks as still reachable or not', () => {
    expect(
      goalStanding({ ...base, goal_type: 'test_score', value: 79, target: 80, today: '2026-11-20' })
        .on_track,
    ).toBe(false);
    expect(
      goalStanding({ ...base, goal_type: 'test_score', value: 85, target: 80, today: '2026-11-02' })
        .projected_completion_date,
    ).toBeNull();
    expect(
      goalStanding({ ...base, goal_type: 'streak', value: 2, target: 7, today: '2026-11-20' })
        .on_track,
    ).toBe(true);
    expect(
      goalStanding({ ...base, goal_type: 'streak', value: 2, target: 14, today: '2026-11-20' })
        .on_track,
    ).toBe(false);
  });

  it('lists the milestones the value has reached and caps the percentage', () => {
    const s = goalStanding({
      ...base,
      goal_type: 'custom',
      value: 12,
      target: 10,
      today: '2026-11-05',
    });
    expect(s).toMatchObject({ percentage_complete: 100, milestones_reached: [25, 50, 75, 100] });
    expect(
      goalStanding({ ...base, goal_type: 'custom', value: 2.4, target: 10, today: '2026-11-05' })
        .milestones_reached,
    ).toEqual([]);
  });

  it('counts no days remaining once the period is over, and all of them before it starts', () => {
    expect(
      goalStanding({ ...base, goal_type: 'custom', value: 1, target: 5, today: '2026-12-03' })
        .days_remaining,
    ).toBe(0);
    expect(
      goalStanding({ ...base, goal_type: 'custom', value: 0, target: 5, today: '2026-10-20' })
        .days_remaining,
    ).toBe(30);
  });
});
