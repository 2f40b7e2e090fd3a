import type { LedgerEntry } from '../data/points';

const TIMEOUT_MS = 5_000;

/**
 * Forwards an award to the platform's gamification HTTP API, when one is configured. The
 * idempotency key is the session, so a retried delivery cannot award twice there either. A
 * failure throws: the event is then retried by EventBridge and dead-lettered in the end.
 */
export async function forwardAward(baseUrl: string | undefined, entry: LedgerEntry): Promise<void> {
  if (!baseUrl) return;
  const response = await fetch(new URL('/api/gamification/points/award', baseUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `${entry.reference_type}-${entry.reference_id}`,
    },
    body: JSON.stringify({
      user_id: entry.user_id,
      points: entry.points,
      reason: entry.reason,
      reference_type: entry.reference_type,
      reference_id: entry.reference_id,
      awarded_at: entry.awarded_at,
    }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) {
    throw new Error(`Gamification API answered ${response.status} for ${entry.reference_id}`);
  }
}
