import { createHash } from 'node:crypto';
import type { StartSessionInput } from '../contracts/sessions';
import { Invalid } from '../core/errors';
import { startSession } from '../data/sessions';
import { db } from '../platform/database';
import { countMetric } from '../platform/metrics';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Starts a timed session now; a repeated Idempotency-Key gets the first answer back. */
export async function startTimedSession(
  userId: string,
  body: StartSessionInput,
  headers: Readonly<Record<string, string | undefined>>,
) {
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
}
