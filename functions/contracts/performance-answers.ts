import { ACTIVITY_TYPES } from '../vocabulary';
import { Day, Figure, Id } from './answer-common';
import * as z from './zod';

const PERIOD_KINDS = ['daily', 'weekly', 'monthly'] as const;
export const TREND_DIRECTIONS = ['improving', 'declining', 'stable', 'insufficient_data'] as const;

const Counted = z.object({ minutes: z.number(), sessions: z.number(), points: z.number() });

/** The change on the previous period, with the figures it was measured against. */
export const PeriodChangeAnswer = z.object({
  compared_to: z
    .enum(['whole_period', 'to_date'])
    .check(
      z.describe('a closed period against the whole previous one, an open one to the same day'),
    ),
  previous: Counted,
  minutes_percentage: Figure,
  sessions_percentage: Figure,
  points_percentage: Figure,
});

export const StreakAnswer = z.object({
  current_days: z.number().check(z.int()),
  longest_days: z.number().check(z.int()),
  minimum_minutes: z.number().check(z.describe('minutes of study that make a day count')),
});

const TypeFigures = z.object({ count: z.number().check(z.int()), minutes: z.number() });

export const LearningActivitiesAnswer = z.object({
  activities: z.number().check(z.int()),
  minutes: z.number(),
  by_type: z.object(
    Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, TypeFigures])) as Record<
      (typeof ACTIVITY_TYPES)[number],
      typeof TypeFigures
    >,
  ),
  notes_taken: z.number().check(z.int()),
  reading_minutes: z.number(),
  video_minutes: z.number(),
});

export const HeatmapAnswer = z.object({
  year: z.number().check(z.int()),
  timezone: z.string(),
  day_starts_at_hour: z.number().check(z.int()),
  total_minutes: z.number(),
  active_days: z.number().check(z.int()),
  max_minutes: z.number(),
  days: z.array(z.object({ date: Day, minutes: z.number(), sessions: z.number().check(z.int()) })),
});

export const OverviewAnswer = z.object({
  period: z.enum([...PERIOD_KINDS, 'all_time']),
  period_start: z.nullable(Day),
  period_end: z.nullable(Day),
  timezone: z.string(),
  class_id: z.nullable(Id),
  study_time: z.object({
    total_minutes: z.number(),
    average_minutes_per_day: z.number(),
    sessions: z.number().check(z.int()),
    previous_total_minutes: Figure,
    previous_to_date_minutes: Figure,
    compared_to: z.nullable(z.literal('to_date')),
    change_percentage: Figure,
  }),
  test_performance: z.object({
    tests_taken: z.number().check(z.int()),
    average_score: Figure,
    previous_average_score: Figure,
    trend: z.enum(TREND_DIRECTIONS),
  }),
  flashcard_mastery: z.object({ cards_reviewed: z.number().check(z.int()), accuracy: Figure }),
  assignment_completion: z.object({ assignments_completed: z.number().check(z.int()) }),
  streak: StreakAnswer,
  focus: z.object({
    focus_minutes: z.number(),
    focus_share: Figure,
    average_mood: Figure,
    average_productivity: Figure,
  }),
  points: z.object({ total: z.number() }),
  learning_activities: LearningActivitiesAnswer,
  strengths: z.array(z.string()),
  areas_for_improvement: z.array(z.string()),
  recommendations: z.array(z.string()),
});

export const TrendsAnswer = z.object({
  metric_type: z.enum([
    'study_time',
    'test_average',
    'flashcard_accuracy',
    'sessions',
    'focus_minutes',
  ]),
  period: z.enum(PERIOD_KINDS),
  unit: z.string(),
  data_points: z.array(
    z.object({
      period_start: Day,
      period_end: Day,
      complete: z.boolean(),
      value: Figure,
      sample_size: z.number().check(z.int()),
      by_class: z.optional(
        z
          .array(z.object({ class_id: z.nullable(z.number().check(z.int())), minutes: z.number() }))
          .check(
            z.describe(
              'study_time only: the period’s minutes per class (null: no class), most first, adding up to value',
            ),
          ),
      ),
    }),
  ),
  overall_trend: z.enum(TREND_DIRECTIONS),
  trend_percentage: Figure,
  slope: Figure.check(z.describe('change of the fitted line per period, in the metric’s unit')),
});

const PeriodFigures = z.object({
  period_start: Day,
  period_end: Day,
  minutes: z.number(),
  sessions: z.number().check(z.int()),
  points: z.number(),
  tests_taken: z.number().check(z.int()),
  average_test_score: Figure,
  focus_minutes: z.number(),
});

export const ComparisonAnswer = z.discriminatedUnion('compare_by', [
  z.object({
    compare_by: z.literal('class'),
    period: z.enum(PERIOD_KINDS),
    period_start: Day,
    period_end: Day,
    classes: z.array(
      z.object({
        class_id: z.nullable(Id),
        class_name: z.nullable(z.string()),
        minutes: z.number(),
        sessions: z.number().check(z.int()),
        average_test_score: Figure,
        points: z.number(),
        rank: z.number().check(z.int()),
      }),
    ),
  }),
  z.object({
    compare_by: z.literal('period'),
    period: z.enum(PERIOD_KINDS),
    current: PeriodFigures,
    previous: PeriodFigures,
    previous_to_date: z.object({
      period_end: Day,
      minutes: z.number(),
      sessions: z.number().check(z.int()),
      points: z.number(),
    }),
    change: z.extend(PeriodChangeAnswer, { average_test_score_points: Figure }),
  }),
  z.object({
    compare_by: z.literal('peers'),
    period: z.enum(['weekly', 'monthly']),
    period_start: Day,
    period_end: Day,
    minutes: z.number(),
    cohort_size: z.number().check(z.int()),
    minimum_cohort: z.number().check(z.int()),
    percentile: Figure.check(z.describe('null below minimum_cohort students')),
    reason: z.optional(z.string()),
  }),
]);
