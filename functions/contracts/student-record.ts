import * as z from './zod';

/** `GET /me/export`: JSON pages of the whole record, or the sessions and activities as CSV. */
export const ExportQuery = z.strictObject({
  format: z._default(z.enum(['json', 'csv']), 'json'),
  cursor: z.optional(z.string().check(z.maxLength(200))),
});
export type ExportInput = z.infer<typeof ExportQuery>;

/** The word a client sends to confirm `DELETE /me`, so no stray request erases a student. */
export const ERASE_CONFIRMATION = 'DELETE';

export const EraseBody = z.strictObject({
  confirm: z.literal(ERASE_CONFIRMATION, {
    error: `must be "${ERASE_CONFIRMATION}" to confirm erasing all of your data`,
  }),
});
