/**
 * A local stand-in for the part of AWS Secrets Manager that secret rotation uses (awsJson1.1:
 * `POST /` with `X-Amz-Target: secretsmanager.<Operation>`): DescribeSecret, GetSecretValue,
 * PutSecretValue, UpdateSecretVersionStage, GetRandomPassword. Staging labels behave as on AWS: a
 * label is on one version at a time, and moving AWSCURRENT leaves AWSPREVIOUS on the old one.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/getting-started.html#term_version
 */
import { randomInt, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepIdleConnections } from './keep-alive';

interface Version {
  /** Absent while a rotation has started but createSecret has not put the new value yet. */
  value: string | undefined;
  readonly stages: Set<string>;
}

interface StoredSecret {
  readonly arn: string;
  readonly name: string;
  readonly rotationEnabled: boolean;
  readonly versions: Map<string, Version>;
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown>;

export interface LocalSecretsManager {
  readonly url: string;
  /** Adds a secret whose AWSCURRENT version holds `value`. */
  create(arn: string, value: string, options?: { rotationEnabled?: boolean }): void;
  /**
   * What RotateSecret does before calling the rotation function: a new version id, staged
   * AWSPENDING, without a value yet. Returns the id (the steps' ClientRequestToken).
   */
  startRotation(arn: string): string;
  close(): Promise<void>;
}

export async function startLocalSecretsManager(): Promise<LocalSecretsManager> {
  const secrets = new Map<string, StoredSecret>();

  const find = (id: unknown): StoredSecret => {
    const secret =
      secrets.get(String(id)) ?? [...secrets.values()].find((s) => s.name === String(id));
    if (!secret) {
      throw new ServiceError(
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    }
    return secret;
  };
  const stagesOf = (secret: StoredSecret) =>
    Object.fromEntries([...secret.versions].map(([id, v]) => [id, [...v.stages]]));
  const holding = (secret: StoredSecret, stage: string) =>
    [...secret.versions].find(([, v]) => v.stages.has(stage));
  /** Puts `stage` on `versionId` alone. */
  const label = (secret: StoredSecret, stage: string, versionId: string) => {
    for (const version of secret.versions.values()) version.stages.delete(stage);
    secret.versions.get(versionId)?.stages.add(stage);
  };

  const operations: Record<string, (body: Body) => Body> = {
    DescribeSecret: (body) => {
      const secret = find(body.SecretId);
      return {
        ARN: secret.arn,
        Name: secret.name,
        RotationEnabled: secret.rotationEnabled,
        VersionIdsToStages: stagesOf(secret),
      };
    },
    GetSecretValue: (body) => {
      const secret = find(body.SecretId);
      const stage = body.VersionStage === undefined ? undefined : String(body.VersionStage);
      const byId = body.VersionId === undefined ? undefined : String(body.VersionId);
      const entry: [string, Version | undefined] | undefined = byId
        ? [byId, secret.versions.get(byId)]
        : holding(secret, stage ?? 'AWSCURRENT');
      const [id, version] = entry ?? [];
      if (
        !id ||
        version?.value === undefined ||
        (stage !== undefined && !version.stages.has(stage))
      ) {
        throw new ServiceError(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for ${byId ? `VersionId: ${byId}` : `staging label: ${stage}`}`,
        );
      }
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: id,
        SecretString: version.value,
        VersionStages: [...version.stages],
      };
    },
    PutSecretValue: (body) => {
      const secret = find(body.SecretId);
      const token = String(body.ClientRequestToken ?? randomUUID());
      const value = String(body.SecretString);
      const existing = secret.versions.get(token);
      if (existing && existing.value !== undefined && existing.value !== value) {
        throw new ServiceError(
          'ResourceExistsException',
          'You can’t modify an existing version, you can only create a new version.',
        );
      }
      if (existing) existing.value = value;
      else secret.versions.set(token, { value, stages: new Set() });
      const stages = (body.VersionStages as string[] | undefined) ?? ['AWSCURRENT'];
      for (const stage of stages) label(secret, stage, token);
      return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: stages };
    },
    UpdateSecretVersionStage: (body) => {
      const secret = find(body.SecretId);
      const stage = String(body.VersionStage);
      const to = body.MoveToVersionId === undefined ? undefined : String(body.MoveToVersionId);
      const from =
        body.RemoveFromVersionId === undefined ? undefined : String(body.RemoveFromVersionId);
      const [holder] = holding(secret, stage) ?? [];
      if (holder && holder !== to && holder !== from) {
        throw new ServiceError(
          'InvalidParameterException',
          `The staging label ${stage} is currently attached to version ${holder}; name it in RemoveFromVersionId.`,
        );
      }
      if (to && !secret.versions.has(to)) {
        throw new ServiceError('ResourceNotFoundException', `Version ${to} does not exist`);
      }
      if (from) secret.versions.get(from)?.stages.delete(stage);
      if (to) label(secret, stage, to);
      if (stage === 'AWSCURRENT' && from && to && from !== to) label(secret, 'AWSPREVIOUS', from);
      return { ARN: secret.arn, Name: secret.name };
    },
    GetRandomPassword: (body) => {
      const length = Number(body.PasswordLength ?? 32);
      const alphabet = `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789${
        body.ExcludePunctuation ? '' : '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'
      }`;
      return {
        RandomPassword: Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join(''),
      };
    },
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
      const reply = (status: number, body: Body) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      try {
        const handler = operations[operation];
        if (!handler) throw new ServiceError('UnknownOperationException', `No ${operation} here`);
        reply(200, handler(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')));
      } catch (err) {
        const error =
          err instanceof ServiceError ? err : new ServiceError('InternalServiceError', String(err));
        reply(400, { __type: error.type, message: error.message });
      }
    });
  });
  keepIdleConnections(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    create(arn, value, options = {}) {
      secrets.set(arn, {
        arn,
        name: arn.split(':').pop() ?? arn,
        rotationEnabled: options.rotationEnabled ?? true,
        versions: new Map([[randomUUID(), { value, stages: new Set(['AWSCURRENT']) }]]),
      });
    },
    startRotation(arn) {
      const secret = find(arn);
      const token = randomUUID();
      secret.versions.set(token, { value: undefined, stages: new Set() });
      label(secret, 'AWSPENDING', token);
      return token;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
