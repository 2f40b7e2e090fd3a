/**
 * Secrets Manager rotation function for the database roles' secrets (single user). It changes
 * the role's password through the Data API as the master user, so it needs no VPC access.
 * Steps as Secrets Manager calls them: createSecret (a new password, staged AWSPENDING),
 * setSecret (the role gets it), testSecret, finishSecret (AWSPENDING becomes AWSCURRENT, then a
 * statement through the Data API proves the role logs in with it).
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html
 */
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { requireEnv } from '../functions/platform/config';
import { DataApi } from '../functions/platform/data-api';
import { DATABASE_ROLES, setRolePassword } from './roles';

const ROLE_NAMES = new Set<string>(Object.values(DATABASE_ROLES).map((r) => r.name));

interface RoleSecret {
  username: string;
  password: string;
}

const client = new SecretsManagerClient({});
const target = () => ({
  resourceArn: requireEnv('DATABASE_RESOURCE_ARN'),
  database: requireEnv('DATABASE_NAME'),
});

async function read(secretId: string, stage: string, versionId?: string): Promise<RoleSecret> {
  const out = await client.send(
    new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage, VersionId: versionId }),
  );
  const value = JSON.parse(out.SecretString ?? '{}') as Partial<RoleSecret>;
  // Never the master user's or anyone else's password: only the roles this service owns.
  if (!value.username || !ROLE_NAMES.has(value.username) || !value.password) {
    throw new Error(`Secret ${secretId} is not one of the service's database role secrets`);
  }
  return value as RoleSecret;
}

async function createSecret(secretId: string, token: string): Promise<void> {
  const current = await read(secretId, 'AWSCURRENT');
  try {
    await read(secretId, 'AWSPENDING', token);
    return; // a retried step: the pending version exists already
  } catch (err) {
    if ((err as Error).name !== 'ResourceNotFoundException') throw err;
  }
  const { RandomPassword } = await client.send(
    new GetRandomPasswordCommand({ PasswordLength: 32, ExcludePunctuation: true }),
  );
  if (!RandomPassword) throw new Error('GetRandomPassword returned no password');
  await client.send(
    new PutSecretValueCommand({
      SecretId: secretId,
      ClientRequestToken: token,
      SecretString: JSON.stringify({ ...current, password: RandomPassword }),
      VersionStages: ['AWSPENDING'],
    }),
  );
}

async function setSecret(secretId: string, token: string): Promise<void> {
  const pending = await read(secretId, 'AWSPENDING', token);
  const master = new DataApi({ ...target(), secretArn: requireEnv('DATABASE_MASTER_SECRET_ARN') });
  await setRolePassword(master, pending.username, pending.password);
}

async function finishSecret(secretId: string, token: string): Promise<void> {
  const described = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  const versions = described.VersionIdsToStages ?? {};
  const current = Object.keys(versions).find((id) => versions[id]?.includes('AWSCURRENT'));
  if (current !== token) {
    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: token,
        RemoveFromVersionId: current,
      }),
    );
  }
  // The Data API reads AWSCURRENT: the role must now log in with the new password.
  const { username } = await read(secretId, 'AWSCURRENT');
  const asRole = new DataApi({ ...target(), secretArn: secretId });
  const { rows } = await asRole.query<{ user: string }>('SELECT current_user AS "user"');
  if (rows[0]?.user !== username) {
    throw new Error(`After rotation the secret logs in as ${rows[0]?.user}, not ${username}`);
  }
}

export async function handler(event: SecretsManagerRotationEvent): Promise<void> {
  const { SecretId: secretId, ClientRequestToken: token, Step: step } = event;
  const described = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (!described.RotationEnabled) throw new Error(`Secret ${secretId} has rotation turned off`);
  const stages = described.VersionIdsToStages?.[token];
  if (!stages) throw new Error(`Secret version ${token} of ${secretId} does not exist`);
  if (stages.includes('AWSCURRENT') && step !== 'finishSecret') return;
  if (!stages.includes('AWSPENDING') && !stages.includes('AWSCURRENT')) {
    throw new Error(`Secret version ${token} is not staged for rotation`);
  }
  console.log(JSON.stringify({ message: 'rotation step', step, secretId }));
  switch (step) {
    case 'createSecret':
      return createSecret(secretId, token);
    case 'setSecret':
      return setSecret(secretId, token);
    case 'testSecret':
      // The Data API can only log in with AWSCURRENT; finishSecret proves the new password.
      return;
    case 'finishSecret':
      return finishSecret(secretId, token);
    default:
      throw new Error(`Unknown rotation step ${step}`);
  }
}
