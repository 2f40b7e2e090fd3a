import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { environmentCredentials } from './environment-credentials';

/**
 * The secret that signs unsubscribe links: from Secrets Manager (UNSUBSCRIBE_SECRET_ARN) once
 * per cold start when deployed, or UNSUBSCRIBE_SECRET locally.
 */
let secret: Promise<string> | undefined;

export function unsubscribeSecret(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  secret ??= (async () => {
    if (env.UNSUBSCRIBE_SECRET) return env.UNSUBSCRIBE_SECRET;
    const arn = env.UNSUBSCRIBE_SECRET_ARN;
    if (!arn) throw new Error('Missing UNSUBSCRIBE_SECRET_ARN (or UNSUBSCRIBE_SECRET)');
    const client = new SecretsManagerClient({ credentials: environmentCredentials });
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (!out.SecretString) throw new Error(`Secret ${arn} has no string value`);
    return out.SecretString;
  })().catch((err) => {
    secret = undefined;
    throw err;
  });
  return secret;
}
