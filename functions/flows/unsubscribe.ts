import { Invalid } from '../core/errors';
import { type EmailKind, readUnsubscribeToken } from '../core/unsubscribe-token';
import { unsubscribe } from '../data/deliveries';
import { db } from '../platform/database';
import { unsubscribeSecret } from '../platform/secrets';

const WHAT: Record<EmailKind, string> = {
  daily: 'daily study reports',
  weekly: 'weekly study reports',
  reminder: 'goal reminders',
};

const page = (title: string, content: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>${title}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;max-width:480px;margin:48px auto;padding:0 16px;color:#111827">
${content}
</body></html>`;

// The form posts back to the page's own URL (token included) with the RFC 8058 field, so the
// button and a mail client's one-click POST are the same request.
const confirmation = (kind: EmailKind) =>
  page(
    'Unsubscribe?',
    `<h1 style="font-size:22px">Stop ${WHAT[kind]}?</h1>
<p>You will no longer receive ${WHAT[kind]} by email. You can turn them back on in your dashboard's report settings.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit" style="font-size:16px;padding:10px 20px">Unsubscribe</button></form>`,
  );

const done = (kind: EmailKind) =>
  page(
    'Unsubscribed',
    `<h1 style="font-size:22px">You are unsubscribed</h1>
<p>You will no longer receive ${WHAT[kind]} by email. You can turn them back on in your dashboard's report settings.</p>`,
  );

const html = (body: string) => ({
  body,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
});

async function reader(token: string) {
  const who = readUnsubscribeToken(token, await unsubscribeSecret());
  if (!who)
    throw new Invalid([{ path: 'query.token', message: 'is not a valid unsubscribe link' }]);
  return who;
}

/**
 * Opening the link (GET) only asks: mail scanners and link previews open every link, so a GET
 * must change nothing. The page's button, like a mail client's RFC 8058 one-click request,
 * POSTs to the same URL.
 */
export async function unsubscribeConfirmation(token: string) {
  return html(confirmation((await reader(token)).kind));
}

/**
 * Turns off the email a signed link names. Idempotent: a second POST changes nothing and answers
 * the same. A browser (the page's button) gets a page; a mail client gets JSON.
 */
export async function unsubscribeAnswer(token: string, accept: string | undefined) {
  const who = await reader(token);
  await unsubscribe(db, who.userId, who.kind);
  return accept?.includes('text/html')
    ? html(done(who.kind))
    : { body: { unsubscribed: true as const, kind: who.kind } };
}
