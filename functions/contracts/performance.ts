import { MAX_POINTS } from '../vocabulary';
import { ClassId } from './common';
import * as z from './zod';

export const HeatmapQuery = z.strictObject({
  /** Defaults to the student's current year. */
  year: z.optional(
    z.coerce
      .number({ error: 'must be a year such as 2026' })
      .check(z.int({ error: 'must be a year such as 2026' }), z.minimum(2000), z.maximum(2100)),
  ),
});

export const OverviewQuery = z.strictObject({
  period: z._default(z.enum(['daily', 'weekly', 'monthly', 'all_time']), 'weekly'),
  /** Only this class's study; streaks always count all study. */
  class_id: z.optional(ClassId),
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
    metric_type: z._default(TrendMetric, 'study_time'),
    period: z._default(z.enum(['daily', 'weekly', 'monthly']), 'daily'),
    /** How many periods, ending with the current one. */
    points: z.optional(
      z.coerce
        .number({ error: 'must be a number' })
        .check(
          z.int({ error: 'must be a whole number' }),
          z.minimum(2, { error: 'must be at least 2' }),
        ),
    ),
  })
  .check(
    z.superRefine((q, ctx) => {
      if (q.points !== undefined && q.points > MAX_POINTS[q.period]) {
        ctx.addIssue({
          code: 'custom',
          path: ['points'],
          message: `must be at most ${MAX_POINTS[q.period]} for ${q.period} periods`,
        });
      }
    }),
  );

export const ComparisonQuery = z
  .strictObject({
    compare_by: z.enum(['class', 'period', 'peers']),
    period: z._default(z.enum(['daily', 'weekly', 'monthly']), 'weekly'),
  })
  .check(
    z.superRefine((q, ctx) => {
      if (q.compare_by === 'peers' && q.period === 'daily') {
        ctx.addIssue({
          code: 'custom',
          path: ['period'],
          message: 'must be weekly or monthly to compare with peers',
        });
      }
    }),
  );
