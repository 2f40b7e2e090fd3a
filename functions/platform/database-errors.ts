/**
 * Data API errors recognised by name, in a module of their own so that code which only maps
 * errors (platform/http) does not load the Data API client.
 */

/** Aurora waking from 0 ACU (`DatabaseResumingException`, which the SDK does not retry). */
export const isDatabaseResuming = (err: unknown): boolean =>
  err instanceof Error && err.name === 'DatabaseResumingException';
