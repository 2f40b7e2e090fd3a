import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  LogLevel,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { functionBundling } from './bundling';
import { metricsNamespaceOf } from './monitoring';
import { acknowledge } from './nag';

export const REPO_ROOT = new URL('..', import.meta.url).pathname;

export interface HouseFunctionProps {
  /** Module path relative to the repository root; it must export `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
  /** Reserved concurrency, for functions that must not run more than this many at once. */
  readonly reservedConcurrentExecutions?: number;
  readonly bundling?: Pick<BundlingOptions, 'commandHooks'>;
}

/** The bundling every function gets: infra/bundling.ts, in the CDK's terms. */
export const houseBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  minify: functionBundling.minify,
  sourceMap: functionBundling.sourcemap,
  target: functionBundling.target,
  mainFields: [...functionBundling.mainFields],
  banner: functionBundling.banner,
  // esbuild lists every output file otherwise: two lines per function on every synth.
  logLevel: LogLevel.WARNING,
  // Bundle @aws-sdk/* too: a pinned, tree-shaken client instead of whatever the runtime ships.
  externalModules: [],
  // The CDK runs esbuild in the repository root, where the aliases' relative paths resolve.
  esbuildArgs: {
    '--alias': Object.entries(functionBundling.alias).map(([from, to]) => `${from}=${to}`),
  },
};

/**
 * The one Lambda construct: Node.js 24 on ARM64, source maps, X-Ray tracing, a log group with
 * retention owned by the stack, and a caller environment merged over the defaults. Its role may
 * write to its own log group only (not every log group, as the managed basic role allows).
 */
export class HouseFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    const functionProps: NodejsFunctionProps = {
      role,
      entry: `${REPO_ROOT}${props.entry}`,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'study-analytics',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespaceOf(scope),
        ...props.environment,
      },
      bundling: { ...houseBundling, ...props.bundling },
    };
    super(scope, id, functionProps);
    acknowledge(role, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'X-Ray (PutTraceSegments, PutTelemetryRecords) has no resource-level permissions; a test checks "*" is granted for nothing else.',
        finding: /^Resource::\*$/,
      },
    ]);
  }
}
