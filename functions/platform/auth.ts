import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { Unauthorized } from '../core/errors';
import { tokenClaimsProblem } from '../core/token-claims';
import { ConfigError, listEnv, requireEnv } from './config';

export interface TokenVerifier {
  /** Resolves to the caller's user id (the token's `sub`); rejects with Unauthorized. */
  verify(token: string): Promise<string>;
}

/**
 * aws-jwt-verify fetches JWKS over https only. A plain-http JWKS URI exists only for the local
 * dev issuer on loopback, so that case alone gets a fetch-based fetcher; verification itself is
 * the library's, exactly as in production.
 */
const loopbackFetcher: Fetcher = {
  fetch: async (uri) => {
    const response = await fetch(uri);
    if (!response.ok) throw new Error(`JWKS fetch failed with ${response.status}`);
    return response.arrayBuffer();
  },
};

const isLoopbackHttp = (uri: string): boolean =>
  /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(uri);

interface JwtVerifier {
  verify(token: string): Promise<unknown>;
  /** The app clients whose access tokens are accepted. */
  clients: readonly string[];
}

function createJwtVerifier(env: NodeJS.ProcessEnv): JwtVerifier {
  const userPoolId = env.AUTH_COGNITO_USER_POOL_ID;
  if (userPoolId) {
    const clientId = requireEnv('AUTH_COGNITO_CLIENT_ID', env);
    const verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: 'access' });
    return { verify: (token) => verifier.verify(token), clients: [clientId] };
  }
  const issuer = requireEnv('AUTH_ISSUER', env);
  const jwksUri = env.AUTH_JWKS_URI || `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`;
  const audience = listEnv('AUTH_AUDIENCE', env);
  if (audience.length === 0)
    throw new ConfigError('Invalid configuration: AUTH_AUDIENCE is missing');
  const verifier = JwtRsaVerifier.create(
    { issuer, audience, jwksUri },
    isLoopbackHttp(jwksUri)
      ? { jwksCache: new SimpleJwksCache({ fetcher: loopbackFetcher }) }
      : undefined,
  );
  return { verify: (token) => verifier.verify(token), clients: audience };
}

export function createTokenVerifier(env: NodeJS.ProcessEnv = process.env): TokenVerifier {
  const verifier = createJwtVerifier(env);
  return {
    async verify(token) {
      let payload: unknown;
      try {
        payload = await verifier.verify(token);
      } catch {
        // The library's reason (expired, wrong audience…) is for logs, not for callers.
        throw new Unauthorized('The bearer token is invalid or expired');
      }
      // The library checks `exp` only when present and no lifetime: the claim rules are ours.
      const problem = tokenClaimsProblem(
        payload as Record<string, unknown>,
        Date.now() / 1000,
        verifier.clients,
      );
      if (problem) throw new Unauthorized('The bearer token is invalid or expired');
      const sub = (payload as { sub?: unknown }).sub;
      if (typeof sub !== 'string' || sub === '') {
        throw new Unauthorized('The bearer token has no subject');
      }
      return sub;
    },
  };
}
