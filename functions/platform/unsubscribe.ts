import { Invalid } from '../core/errors';
import { type EmailKind, readUnsubscribeToken } from '../core/unsubscribe-token';
import { unsubscribe } from '../data/deliveries';
import { db } from './database';
import { unsubscribeSecret } from './secrets';

const WHAT: Record<EmailKind, string> = {
  daily: 'daily study reports',
  weekly: 'weekly study reports',
  reminder: 'goal reminders',
};

const page = (kind: EmailKind) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Unsubscribed</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;max-width:480px;margin:48px auto;padding:0 16px;color:#111827">
<h1 style="font-size:22px">You are unsubscribed</h1>
<p>You will no longer receive ${WHAT[kind]} by email. You can turn them back on in your dashboard's report settings.</p>
</body></html>`;

/**
 * Turns off the email a signed link names. Idempotent: a second click changes nothing and
 * answers the same. The page is for people; the one-click POST is for mail clients.
 */
export async function unsubscribeAnswer(token: string, mode: 'page' | 'one-click') {
  const who = readUnsubscribeToken(token, await unsubscribeSecret());
  if (!who)
    throw new Invalid([{ path: 'query.token', message: 'is not a valid unsubscribe link' }]);
  await unsubscribe(db, who.userId, who.kind);
  return mode === 'page'
    ? { body: page(who.kind), headers: { 'content-type': 'text/html; charset=utf-8' } }
    : { body: { unsubscribed: true, kind: who.kind } };
}
