/**
 * What a bearer token's claims must say beyond its signature, issuer and audience: checked by the
 * functions (platform/auth) and by the local stand-in for the gateway's authorizer alike
 * (docs/edge.md).
 */

/** A signed-in session is renewed at least daily; a token meant to live longer is refused. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;
/** Clocks differ a little between the issuer and us; more than this is not a clock. */
export const CLOCK_SKEW_SECONDS = 60;

const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * Why the claims are not those of a current access token for one of `clients`, or undefined.
 * `exp` and `iat` are required; `token_use` (Cognito) must be `access` when present, so an ID
 * token of the same app client is refused; `client_id`, when present, must be one of `clients`.
 */
export function tokenClaimsProblem(
  claims: Record<string, unknown>,
  nowSeconds: number,
  clients: readonly string[],
): string | undefined {
  const { exp, iat, nbf } = claims;
  if (!isTime(exp)) return 'the token has no expiry (exp)';
  if (exp <= nowSeconds) return 'the token has expired';
  if (!isTime(iat)) return 'the token has no issue time (iat)';
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) return 'the token was issued in the future';
  if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS) return 'the token lives longer than 24 hours';
  if (nbf !== undefined && (!isTime(nbf) || nbf > nowSeconds + CLOCK_SKEW_SECONDS)) {
    return 'the token is not valid yet';
  }
  if (claims.token_use !== undefined && claims.token_use !== 'access') {
    return 'the token is not an access token';
  }
  if (claims.client_id !== undefined && !clients.includes(String(claims.client_id))) {
    return 'the token was issued to another client';
  }
  return undefined;
}
