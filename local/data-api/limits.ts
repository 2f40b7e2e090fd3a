/** Limits of the real service; exceeding them fails there, so it fails here too. */
export const MAX_SQL_LENGTH = 65_536;
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
export const MAX_RESPONSE_BYTES = 1024 * 1024;
export const MAX_ROW_BYTES = 64 * 1024;
