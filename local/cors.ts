/**
 * CORS as an HTTP API with a CORS configuration answers it
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html): the gateway
 * answers preflights itself, adds the allowed origin to the integration's answers, and ignores
 * any CORS headers the integration returned. The rules are functions/cors.ts, as infra deploys.
 */
import { CORS_RULES } from '../functions/cors';

export interface Cors {
  /** The answer to `OPTIONS` with `Access-Control-Request-Method`. */
  preflight(origin: string | undefined): Record<string, string>;
  /** An integration's headers as the gateway passes them on to `origin`. */
  onAnswer(
    headers: Record<string, string | string[]>,
    origin: string | undefined,
  ): Record<string, string | string[]>;
}

export function createCors(allowedOrigins: readonly string[]): Cors {
  const configured = allowedOrigins.length > 0;
  const anyOrigin = allowedOrigins.includes('*');
  const allowOrigin = (origin: string | undefined): string | undefined => {
    if (!origin || !configured) return undefined;
    if (anyOrigin) return '*';
    return allowedOrigins.includes(origin) ? origin : undefined;
  };
  const vary: Record<string, string> = anyOrigin ? {} : { vary: 'origin' };
  return {
    preflight(origin) {
      const allowed = allowOrigin(origin);
      if (!allowed) return {};
      return {
        'access-control-allow-origin': allowed,
        'access-control-allow-methods': CORS_RULES.allowMethods.join(','),
        'access-control-allow-headers': CORS_RULES.allowHeaders.join(','),
        'access-control-max-age': String(CORS_RULES.maxAgeSeconds),
        ...vary,
      };
    },
    onAnswer(headers, origin) {
      if (!configured) return headers;
      const kept = Object.fromEntries(
        Object.entries(headers).filter(([name]) => !/^access-control-/i.test(name)),
      );
      const allowed = allowOrigin(origin);
      if (!allowed) return kept;
      return {
        ...kept,
        'access-control-allow-origin': allowed,
        'access-control-expose-headers': CORS_RULES.exposeHeaders.join(','),
        ...vary,
      };
    },
  };
}
