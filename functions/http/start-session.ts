import { createHash } from 'node:crypto';
import { Invalid } from '../core/errors';
import { startSession } from '../data/sessions';
import { db } from '../platform/database';
import { httpHandler } from '../platform/http';
import { countMetric } from '../platform/metrics';
import { startSessionRoute } from '../routes';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

export const handler = httpHandler(startSessionRoute, async ({ userId, body, headers }) => {
  const key = headers['idempotency-key'];
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new Invalid([
      { path: 'headers.idempotency-key', message: 'must be 1-128 letters, digits or _.:-' },
    ]);
  }
  const idempotency = key
    ? { key, requestHash: createHash('sha256').update(JSON.stringify(body)).digest('hex') }
    : undefined;
  const { session, replayed } = await startSession(db, userId, body, idempotency);
  if (!replayed) countMetric('SessionsStarted');
  return {
    status: 201,
    body: session,
    headers: {
      location: `/api/analytics/sessions/${session.session_id}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    },
  };
});
