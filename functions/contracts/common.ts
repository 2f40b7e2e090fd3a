import * as z from 'zod';

/** A calendar day, `YYYY-MM-DD`, checked to be a real date. */
export const IsoDate = z.iso.date({ error: 'must be a date in YYYY-MM-DD form' });

/** External class reference: a positive integer (query strings arrive as text). */
export const ClassId = z.coerce
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .positive({ error: 'must be positive' })
  .max(Number.MAX_SAFE_INTEGER);

/** Path parameter naming one of the caller's objects. Non-numeric ids are simply not found. */
export const IdParams = z.object({
  id: z.string().regex(/^[1-9][0-9]{0,15}$/, { error: 'must be a numeric id' }),
});

export const ErrorBody = z.object({
  error: z.string().describe('machine-readable error code'),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
