/**
 * What one answer may carry from the database. The Data API refuses a row over 64 KB and a
 * result over 1 MiB; lists therefore come back as rows (one call still), and a list whose items
 * can be long (notes, metadata) stops once their JSON text reaches this many bytes. The service
 * escapes that text once more in its own JSON, which at most doubles it (a quote or backslash
 * becomes two bytes), so such a list stays under 800 KB, leaving room for the rest of the answer.
 */
export const LIST_BUDGET_BYTES = 400_000;

/** The most pauses one session answer lists (the latest; each is under 100 bytes). */
export const SESSION_PAUSES_LIMIT = 1_000;

/**
 * Of LIST_BUDGET_BYTES, what a session's change history may take in its answer (the latest
 * changes that fit); its activities have the rest.
 */
export const SESSION_HISTORY_BUDGET_BYTES = 50_000;
