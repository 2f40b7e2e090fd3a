/**
 * The local stand-in for an HTTP API JWT authorizer, following API Gateway's workflow
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html):
 * the token from the Authorization header (bare or after `Bearer `), an RSA signature by a key
 * of the issuer's JWKS named by `kid`, then `iss`, `aud` (or `client_id` when there is no `aud`),
 * `exp`, `nbf` and `iat`, and the claim rules the functions apply too (functions/core/
 * token-claims.ts: `exp` and `iat` required, at most 24 hours of life, an access token). A refusal is API Gateway's own 401 with a `www-authenticate` header
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html),
 * and the function is never invoked.
 */
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { tokenClaimsProblem } from '../functions/core/token-claims';

export interface JwtAuthorizerConfig {
  readonly issuer: string;
  readonly audience: readonly string[];
  /** The issuer's JWKS (API Gateway fetches and caches it from the issuer's jwks_uri). */
  readonly jwks: () => Promise<{ keys: readonly Record<string, unknown>[] }>;
}

/** What the function receives in `requestContext.authorizer`. */
export interface JwtAuthorizerContext {
  jwt: { claims: Record<string, string>; scopes: string[] | null };
}

export type Authorization =
  | { allowed: true; context: JwtAuthorizerContext }
  | { allowed: false; description: string };

const ALGORITHMS: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

const deny = (description: string): Authorization => ({ allowed: false, description });

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Claims reach the integration as strings; lists as `[a b]`, as API Gateway renders them. */
function claimText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(claimText).join(' ')}]`;
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function createJwtAuthorizer(config: JwtAuthorizerConfig) {
  return async function authorize(header: string | undefined): Promise<Authorization> {
    if (!header) return deny('no token');
    const token = header.replace(/^Bearer /, '');
    const [head, body, signature] = token.split('.');
    const jose = decodePart(head);
    const claims = decodePart(body);
    if (!jose || !claims || signature === undefined || token.split('.').length !== 3) {
      return deny('the token is not a valid JWT');
    }
    const hash = ALGORITHMS[String(jose.alg)];
    if (!hash) return deny('the token is not signed with a supported algorithm');
    const jwk = (await config.jwks()).keys.find((k) => k.kid === jose.kid);
    if (!jwk) return deny('the token is signed by an unknown key');
    const valid = verify(
      hash,
      Buffer.from(`${head}.${body}`),
      createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }),
      Buffer.from(signature, 'base64url'),
    );
    if (!valid) return deny('signature is invalid');
    if (claims.iss !== config.issuer) return deny('the token has an invalid issuer');
    const audience = claims.aud ?? claims.client_id;
    const audiences = Array.isArray(audience) ? audience : [audience];
    if (!audiences.some((a) => typeof a === 'string' && config.audience.includes(a))) {
      return deny('the token does not have a valid audience');
    }
    const problem = tokenClaimsProblem(claims, Date.now() / 1000, config.audience);
    if (problem) return deny(problem);
    const scope = claims.scope ?? claims.scp;
    return {
      allowed: true,
      context: {
        jwt: {
          claims: Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, claimText(v)])),
          scopes: typeof scope === 'string' ? scope.split(' ') : null,
        },
      },
    };
  };
}

/** API Gateway's answer to a refused token. */
export function unauthorizedAnswer(description: string) {
  return {
    status: 401,
    headers: {
      'content-type': 'application/json',
      'www-authenticate': `Bearer scope="" error="invalid_token" error_description="${description}"`,
    },
    body: JSON.stringify({ message: 'Unauthorized' }),
  };
}
