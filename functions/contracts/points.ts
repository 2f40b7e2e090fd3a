import { endNotBeforeStart, IsoDate } from './common';
import * as z from './zod';

export const ListPointsQuery = z
  .strictObject({
    start_date: z.optional(IsoDate),
    end_date: z.optional(IsoDate),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 100),
  })
  .check(endNotBeforeStart('end_date'));
