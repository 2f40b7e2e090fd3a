import { CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { type HttpRoute, handlerEntry, httpRoutes } from '../functions/routes';
import { HouseFunction } from './house-function';

export interface ApiProps {
  readonly corsAllowedOrigins: readonly string[];
  /** Called once the HTTP API exists, before its routes' functions are bound. */
  readonly onCreated?: (httpApi: HttpApi) => void;
  /** Grants and configures what a route's function uses, and authentication. */
  readonly bindRoute: (route: HttpRoute, fn: LambdaFunction) => void;
}

const pascal = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

/** The HTTP API: one function per route of the shared route table. */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly functions = new Map<string, HouseFunction>();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const origins = [...props.corsAllowedOrigins];
    this.httpApi = new HttpApi(this, 'Http', {
      description: 'Study Analytics API',
      // API Gateway answers preflights; functions add the same allowlist to real answers.
      corsPreflight: origins.length
        ? {
            allowOrigins: origins,
            allowMethods: [
              CorsHttpMethod.GET,
              CorsHttpMethod.POST,
              CorsHttpMethod.PUT,
              CorsHttpMethod.DELETE,
            ],
            allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
            exposeHeaders: ['location', 'content-disposition'],
          }
        : undefined,
    });
    props.onCreated?.(this.httpApi);
    for (const route of httpRoutes) {
      const fn = new HouseFunction(this, pascal(route.name), {
        entry: handlerEntry(route),
        description: `${route.method} ${route.path}: ${route.summary}`,
        environment: { CORS_ALLOWED_ORIGINS: origins.join(',') },
      });
      props.bindRoute(route, fn);
      this.functions.set(route.name, fn);
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascal(route.name)}Integration`, fn),
      });
    }
  }
}
