import { httpHandler } from '../platform/http';
import { healthRoute } from '../routes';

// Deliberately does not touch the database: a health probe must not keep Aurora from scaling
// to zero, and must answer while it is resuming.
export const handler = httpHandler(healthRoute, async () => ({
  body: { status: 'ok' as const, service: 'study-analytics', time: new Date().toISOString() },
}));
