/**
 * The Aurora PostgreSQL engine the stack deploys, defined once: infra builds the cluster with it,
 * and CI refuses to test against a PostgreSQL server newer than its major version (SQL that only
 * a newer server accepts must fail before it reaches production).
 */
import { AuroraPostgresEngineVersion } from 'aws-cdk-lib/aws-rds';

export const AURORA_POSTGRES_ENGINE = AuroraPostgresEngineVersion.VER_16_13;

/** The deployed engine's major version, e.g. 16. */
export const auroraPostgresMajor = (): number =>
  Number(AURORA_POSTGRES_ENGINE.auroraPostgresMajorVersion);

/**
 * Why a server of `serverVersionNum` (`SHOW server_version_num`, e.g. 150020) may not stand in
 * for the deployed engine, or undefined when it may.
 */
export function newerThanDeployed(
  serverVersionNum: number,
  deployedMajor: number,
): string | undefined {
  const serverMajor = Math.floor(serverVersionNum / 10_000);
  if (!Number.isInteger(serverMajor) || serverMajor <= 0) {
    return `cannot read the server's version from server_version_num ${serverVersionNum}`;
  }
  if (serverMajor > deployedMajor) {
    return (
      `the PostgreSQL server is version ${serverMajor}, newer than the deployed Aurora ` +
      `PostgreSQL ${deployedMajor}: SQL it accepts could fail in production. Test against a ` +
      `PostgreSQL ${deployedMajor} (or older) server.`
    );
  }
  return undefined;
}
