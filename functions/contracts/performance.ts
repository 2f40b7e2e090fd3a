import * as z from 'zod';

export const HeatmapQuery = z.strictObject({
  /** Defaults to the student's current year. */
  year: z.coerce
    .number({ error: 'must be a year such as 2026' })
    .int({ error: 'must be a year such as 2026' })
    .min(2000)
    .max(2100)
    .optional(),
});
