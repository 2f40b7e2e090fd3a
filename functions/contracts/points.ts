import { IsoDate } from './common';
import * as z from './zod';

export const ListPointsQuery = z
  .strictObject({
    start_date: z.optional(IsoDate),
    end_date: z.optional(IsoDate),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 100),
  })
  .check(
    z.refine((q) => !q.start_date || !q.end_date || q.start_date <= q.end_date, {
      path: ['end_date'],
      message: 'must not be before start_date',
    }),
  );
