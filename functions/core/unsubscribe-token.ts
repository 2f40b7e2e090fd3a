/**
 * Unsubscribe tokens: the student and the kind of email, signed with HMAC-SHA256, so a link
 * works without signing in and cannot be forged for someone else. They do not expire: an old
 * email's link must keep working.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const EMAIL_KINDS = ['daily', 'weekly', 'reminder'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

const sign = (payload: string, secret: string) =>
  createHmac('sha256', secret).update(payload).digest('base64url');

export function unsubscribeToken(userId: string, kind: EmailKind, secret: string): string {
  const payload = Buffer.from(JSON.stringify([userId, kind])).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

/** The student and kind a token was made for, or undefined when it is not genuine. */
export function readUnsubscribeToken(
  token: string,
  secret: string,
): { userId: string; kind: EmailKind } | undefined {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const [userId, kind] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof userId !== 'string' || !EMAIL_KINDS.includes(kind)) return undefined;
    return { userId, kind };
  } catch {
    return undefined;
  }
}
