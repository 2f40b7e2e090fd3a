import * as z from 'zod';
import { MAX_POINTS } from '../vocabulary';
import { ClassId } from './common';

export const HeatmapQuery = z.strictObject({
  /** Defaults to the student's current year. */
  year: z.coerce
    .number({ error: 'must be a year such as 2026' })
    .int({ error: 'must be a year such as 2026' })
    .min(2000)
    .max(2100)
    .optional(),
});

export const OverviewQuery = z.strictObject({
  period: z.enum(['daily', 'weekly', 'monthly', 'all_time']).default('weekly'),
  /** Only this class's study; streaks always count all study. */
  class_id: ClassId.optional(),
});

export const TrendMetric = z.enum([
  'study_time',
  'test_average',
  'flashcard_accuracy',
  'sessions',
  'focus_minutes',
]);

export const TrendsQuery = z
  .strictObject({
    metric_type: TrendMetric.default('study_time'),
    period: z.enum(['daily', 'weekly', 'monthly']).default('daily'),
    /** How many periods, ending with the current one. */
    points: z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(2, { error: 'must be at least 2' })
      .optional(),
  })
  .superRefine((q, ctx) => {
    if (q.points !== undefined && q.points > MAX_POINTS[q.period]) {
      ctx.addIssue({
        code: 'custom',
        path: ['points'],
        message: `must be at most ${MAX_POINTS[q.period]} for ${q.period} periods`,
      });
    }
  });

export const ComparisonQuery = z
  .strictObject({
    compare_by: z.enum(['class', 'period', 'peers']),
    period: z.enum(['daily', 'weekly', 'monthly']).default('weekly'),
  })
  .superRefine((q, ctx) => {
    if (q.compare_by === 'peers' && q.period === 'daily') {
      ctx.addIssue({
        code: 'custom',
        path: ['period'],
        message: 'must be weekly or monthly to compare with peers',
      });
    }
  });
