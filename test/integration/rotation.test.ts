/**
 * The role secrets' rotation function, step by step as Secrets Manager calls it
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html),
 * against the Secrets Manager stand-in and the Data API emulator: the role's password in the
 * database ends up being the one in the secret's AWSCURRENT version.
 */
import { createHash, createHmac, pbkdf2Sync, randomUUID } from 'node:crypto';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_ROLES } from '../../db/roles';
import { DataApi } from '../../functions/platform/data-api';
import { type LocalSecretsManager, startLocalSecretsManager } from '../../local/secrets-manager';
import { LOCAL_ARNS, LOCAL_ROLE_SECRETS } from '../../local/stack';
import { type OwnStack, startOwnStack } from '../support/own-stack';

let env: OwnStack;
let secrets: LocalSecretsManager;
let rotate: (event: SecretsManagerRotationEvent) => Promise<void>;
let master: DataApi;
let dataClient: RDSDataClient;
let secretsClient: SecretsManagerClient;

beforeAll(async () => {
  env = await startOwnStack();
  secrets = await startLocalSecretsManager();
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secrets.url;
  process.env.DATABASE_MASTER_SECRET_ARN = LOCAL_ARNS.secretArn;
  rotate = (await import('../../db/rotate-role-secret')).handler;
  dataClient = new RDSDataClient({ endpoint: env.stack.emulator.url });
  master = new DataApi(LOCAL_ARNS, dataClient);
  secretsClient = new SecretsManagerClient({ endpoint: secrets.url });
});

afterAll(async () => {
  dataClient?.destroy();
  secretsClient?.destroy();
  await secrets?.close();
  await env?.close();
});

/** Whether PostgreSQL's stored verifier of `role` is that of `password`. */
async function passwordIs(role: string, password: string): Promise<boolean> {
  const { rows } = await master.query<{ stored: string }>(
    'SELECT rolpassword AS stored FROM pg_authid WHERE rolname = :role',
    { role },
  );
  const stored = rows[0]?.stored ?? '';
  const scram = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):/.exec(stored);
  if (!scram)
    return (
      stored ===
      `md5${createHash('md5')
        .update(password + role)
        .digest('hex')}`
    );
  const salted = pbkdf2Sync(
    password,
    Buffer.from(scram[2] ?? '', 'base64'),
    Number(scram[1]),
    32,
    'sha256',
  );
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  return createHash('sha256').update(clientKey).digest('base64') === scram[3];
}

const current = async (secretId: string, stage = 'AWSCURRENT') =>
  JSON.parse(
    (
      await secretsClient.send(
        new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }),
      )
    ).SecretString ?? '{}',
  ) as { username: string; password: string };

const steps = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;

describe('rotating a database role’s secret', () => {
  it('gives the role a new password through the Data API, then makes it current', async () => {
    const secretId = LOCAL_ROLE_SECRETS.batch;
    const role = DATABASE_ROLES.batch.name;
    secrets.create(secretId, JSON.stringify({ username: role, password: 'first-password' }));
    const token = secrets.startRotation(secretId);
    for (const Step of steps) {
      await rotate({ SecretId: secretId, ClientRequestToken: token, Step });
      // Secrets Manager retries steps: a repeated one changes nothing.
      if (Step === 'createSecret')
        await rotate({ SecretId: secretId, ClientRequestToken: token, Step });
    }
    const now = await current(secretId);
    const before = await current(secretId, 'AWSPREVIOUS');
    expect(now.username).toBe(role);
    expect(now.password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(before.password).toBe('first-password');
    expect(await passwordIs(role, now.password)).toBe(true);
    expect(await passwordIs(role, 'first-password')).toBe(false);
  });

  it('never touches a secret that is not one of the service’s roles', async () => {
    const secretId = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:someone-else';
    secrets.create(secretId, JSON.stringify({ username: 'postgres', password: 'x' }));
    const token = secrets.startRotation(secretId);
    await expect(
      rotate({ SecretId: secretId, ClientRequestToken: token, Step: 'createSecret' }),
    ).rejects.toThrow(/not one of the service's database role secrets/);
  });

  it('refuses a secret whose rotation is turned off', async () => {
    const secretId = `${LOCAL_ROLE_SECRETS.api}-off`;
    secrets.create(secretId, JSON.stringify({ username: DATABASE_ROLES.api.name, password: 'x' }), {
      rotationEnabled: false,
    });
    await expect(
      rotate({ SecretId: secretId, ClientRequestToken: randomUUID(), Step: 'createSecret' }),
    ).rejects.toThrow(/rotation turned off/);
  });
});
