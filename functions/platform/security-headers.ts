import type { MiddlewareObj } from '@middy/core';

/**
 * The security headers every answer carries, and those only an HTML answer (the email previews
 * and the unsubscribe pages) needs, as a fixed table: the same choices helmet makes, written
 * out once instead of computed per answer by a middleware package in every function.
 * https://owasp.org/www-project-secure-headers/
 */
const EVERY_ANSWER: Readonly<Record<string, string>> = {
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains; preload',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Origin-Agent-Cluster': '?1',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Permitted-Cross-Domain-Policies': 'none',
};

/**
 * HTML pages are styled inline and the unsubscribe page's button posts back to its own URL;
 * nothing else is allowed: no scripts, frames, fetches or browser features.
 */
const HTML_ANSWER: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    'sandbox allow-forms',
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
    'upgrade-insecure-requests',
  ].join('; '),
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': [
    'camera',
    'microphone',
    'geolocation',
    'payment',
    'usb',
    'fullscreen',
    'clipboard-read',
    'clipboard-write',
    'display-capture',
    'interest-cohort',
  ]
    .map((feature) => `${feature}=()`)
    .join(', '),
  'X-Frame-Options': 'DENY',
};

type Answer = { headers?: Record<string, string | number | boolean> } | undefined;

const withSecurityHeaders = (request: { response: unknown }) => {
  const response = request.response as Answer;
  if (!response || typeof response !== 'object') return;
  response.headers ??= {};
  const headers = response.headers;
  const type = String(headers['content-type'] ?? headers['Content-Type'] ?? '');
  Object.assign(headers, EVERY_ANSWER, type.startsWith('text/html') ? HTML_ANSWER : {});
};

/** Adds the security headers to every answer, errors included. */
export const securityHeaders = (): MiddlewareObj => ({
  after: withSecurityHeaders,
  onError: withSecurityHeaders,
});
