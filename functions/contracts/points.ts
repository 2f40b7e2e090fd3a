import * as z from 'zod';
import { IsoDate } from './common';

export const ListPointsQuery = z
  .strictObject({
    start_date: IsoDate.optional(),
    end_date: IsoDate.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => !q.start_date || !q.end_date || q.start_date <= q.end_date, {
    path: ['end_date'],
    message: 'must not be before start_date',
  });
