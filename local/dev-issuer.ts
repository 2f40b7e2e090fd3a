/**
 * The local stand-in for Cognito or any OIDC issuer: an RSA signing key, its JWKS, and RS256
 * tokens. The API verifies these with aws-jwt-verify exactly as it verifies real ones.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Port-independent, so a token minted by `npm run token` works whatever PORT the API uses. */
export const DEV_ISSUER = 'https://auth.study-analytics.local';
export const DEV_AUDIENCE = 'study-analytics';
const KEY_ID = 'study-analytics-dev-1';

export interface TokenOptions {
  user: string;
  /** Lifetime in seconds (negative for an already-expired token in tests). */
  expiresIn?: number;
  issuer?: string;
  audience?: string;
  /** Extra or overriding header fields, e.g. `{ alg: 'none' }` for negative tests. */
  header?: Record<string, unknown>;
  /** Extra or overriding claims for negative tests; `undefined` leaves a claim out. */
  claims?: Record<string, unknown>;
}

export interface DevIssuer {
  readonly jwks: { keys: Record<string, unknown>[] };
  /** The private key, so a test process can mint tokens for a stack running elsewhere. */
  readonly privateKeyPem: string;
  token(options: TokenOptions): string;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Loads the key from `<dataDir>/auth/signing-key.pem`, creating it on first use. */
function loadOrCreateKey(dataDir: string | undefined, pem: string | undefined): KeyObject {
  if (pem) return createPrivateKey(pem);
  const file = dataDir ? join(dataDir, 'auth', 'signing-key.pem') : undefined;
  if (file && existsSync(file)) return createPrivateKey(readFileSync(file, 'utf8'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  return privateKey;
}

export function createDevIssuer(dataDir?: string, privateKeyPem?: string): DevIssuer {
  const privateKey = loadOrCreateKey(dataDir, privateKeyPem);
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const jwks = {
    keys: [{ kty: 'RSA', n: publicJwk.n, e: publicJwk.e, kid: KEY_ID, alg: 'RS256', use: 'sig' }],
  };
  return {
    jwks,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    token({
      user,
      expiresIn = 12 * 3600,
      issuer = DEV_ISSUER,
      audience = DEV_AUDIENCE,
      header,
      claims,
    }) {
      const now = Math.floor(Date.now() / 1000);
      const head = { alg: 'RS256', typ: 'JWT', kid: KEY_ID, ...header };
      const payload = {
        sub: user,
        iss: issuer,
        aud: audience,
        iat: now,
        nbf: now - 1,
        exp: now + expiresIn,
        jti: randomUUID(),
        ...claims,
      };
      const signingInput = `${b64url(head)}.${b64url(payload)}`;
      const signature =
        head.alg === 'none'
          ? ''
          : sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url');
      return `${signingInput}.${signature}`;
    },
  };
}
