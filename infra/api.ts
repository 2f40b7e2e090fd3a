import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_RULES } from '../functions/cors';
import type { HttpRoute } from '../functions/platform/route-spec';
import { HTTP_TIMEOUT_SECONDS, handlerEntry, httpRoutes } from '../functions/routes';
import { retentionOf } from './database';
import { HouseFunction } from './house-function';
import { acknowledge } from './nag';
import type { StageConfig } from './stages';

export interface ApiProps {
  readonly corsAllowedOrigins: readonly string[];
  /** Validates bearer tokens before a signed-in route's function is invoked. */
  readonly authorizer: IHttpRouteAuthorizer;
  readonly limits: Pick<
    StageConfig,
    | 'apiRateLimit'
    | 'apiBurstLimit'
    | 'expensiveRouteRateLimit'
    | 'expensiveRouteBurstLimit'
    | 'apiReservedConcurrency'
    | 'logRetentionDays'
  >;
  /** Called once the HTTP API exists, before its routes' functions are bound. */
  readonly onCreated?: (httpApi: HttpApi) => void;
  /** Grants and configures what a route's function uses, and authentication. */
  readonly bindRoute: (route: HttpRoute, fn: LambdaFunction) => void;
}

const pascal = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

/**
 * One JSON line per request: who (the token's `sub`, never the token), which route, the
 * answer and how long it took, and why the authorizer or integration refused.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  sub: '$context.authorizer.claims.sub',
  route: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  responseLength: '$context.responseLength',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integrationErrorMessage',
} as const;

/** The HTTP API: one function per route of the shared route table. */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly functions = new Map<string, HouseFunction>();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const origins = [...props.corsAllowedOrigins];
    const { limits } = props;
    this.httpApi = new HttpApi(this, 'Http', {
      description: 'Study Analytics API',
      createDefaultStage: false,
      // API Gateway answers preflights and adds the allowlist to answers (functions/cors.ts).
      corsPreflight: origins.length
        ? {
            allowOrigins: origins,
            allowMethods: CORS_RULES.allowMethods.map((method) => CorsHttpMethod[method]),
            allowHeaders: [...CORS_RULES.allowHeaders],
            exposeHeaders: [...CORS_RULES.exposeHeaders],
            maxAge: Duration.seconds(CORS_RULES.maxAgeSeconds),
          }
        : undefined,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: retentionOf(limits.logRetentionDays),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: limits.apiRateLimit, burstLimit: limits.apiBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    props.onCreated?.(this.httpApi);

    const routeSettings: Record<string, Record<string, number>> = {};
    const none = new HttpNoneAuthorizer();
    for (const route of httpRoutes) {
      const fn = new HouseFunction(this, pascal(route.name), {
        entry: handlerEntry(route),
        description: `${route.method} ${route.path}: ${route.summary}`,
        timeout: Duration.seconds(HTTP_TIMEOUT_SECONDS),
        // A flood on one route cannot take every execution (and database connection).
        reservedConcurrentExecutions: limits.apiReservedConcurrency || undefined,
      });
      props.bindRoute(route, fn);
      this.functions.set(route.name, fn);
      acknowledge(fn, [
        {
          id: 'Serverless-LambdaDLQ',
          reason:
            'API Gateway invokes it synchronously: a failure is the HTTP answer, not a queued event.',
        },
      ]);
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascal(route.name)}Integration`, fn),
        authorizer: route.auth ? props.authorizer : none,
      });
      if (added && !route.auth) {
        acknowledge(added, [
          {
            id: 'AwsSolutions-APIG4',
            reason: `Public by design (${route.summary}); the route table marks it auth: false.`,
          },
        ]);
      }
      if (route.expensive) {
        routeSettings[`${route.method} ${route.path}`] = {
          ThrottlingRateLimit: limits.expensiveRouteRateLimit,
          ThrottlingBurstLimit: limits.expensiveRouteBurstLimit,
        };
      }
    }
    // HttpStage has no per-route throttling property yet; CloudFormation's names, as is.
    (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
  }

  /** `https://<id>.execute-api.<region>.amazonaws.com`, reachable directly (see docs/edge.md). */
  get endpoint(): string {
    return this.httpApi.apiEndpoint;
  }
}
