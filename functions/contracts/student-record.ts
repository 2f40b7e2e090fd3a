import * as z from 'zod';

/** `GET /me/export`: JSON pages of the whole record, or the sessions and activities as CSV. */
export const ExportQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  cursor: z.string().max(200).optional(),
});
export type ExportInput = z.infer<typeof ExportQuery>;

/** The word a client sends to confirm `DELETE /me`, so no stray request erases a student. */
export const ERASE_CONFIRMATION = 'DELETE';

export const EraseBody = z.strictObject({
  confirm: z.literal(ERASE_CONFIRMATION, {
    error: `must be "${ERASE_CONFIRMATION}" to confirm erasing all of your data`,
  }),
});
