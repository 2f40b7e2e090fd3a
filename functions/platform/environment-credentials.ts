/**
 * AWS credentials from the environment only: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN, which Lambda sets for the function's role (and the local stack sets for its
 * stand-ins). Every SDK client of ours is given this provider, and function bundles put it in
 * place of the SDK's default credential chain (infra/bundling.ts), whose STS, SSO and sign-in
 * clients a function never uses but would load at every cold start.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export interface EnvironmentCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export function credentialsFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): EnvironmentCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(
      'Missing AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set',
    );
  }
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
}

/** The provider every client gets: read per request, so a process's new credentials apply. */
export const environmentCredentials = async (): Promise<EnvironmentCredentials> =>
  credentialsFromEnvironment();

/**
 * Stands in for `@aws-sdk/credential-provider-node`'s export in bundles: a client constructed
 * without `credentials` still finds them in the environment, and nowhere else.
 */
export const defaultProvider = () => environmentCredentials;
