import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type * as z from '../contracts/zod';
import type { Schema } from '../contracts/zod';
import {
  DomainError,
  type FieldIssue,
  Invalid,
  PayloadTooLarge,
  Unauthorized,
  UnsupportedMediaType,
} from '../core/errors';
import { createTokenVerifier, type TokenVerifier } from './auth';
import { CORRELATION_HEADER, correlationIdOf, useCorrelationId } from './correlation';
import { isDatabaseResuming } from './database-errors';
import { loggableError, logger, logInvocation } from './logger';
import { publishMetrics } from './metrics';
import { withDeadline } from './request-context';
import type { RouteSpec } from './route-spec';
import { securityHeaders } from './security-headers';

type Event = APIGatewayProxyEventV2;
type Result = { statusCode: number; headers: Record<string, string>; body: string };

/** Request bodies are small JSON documents; anything larger is refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

type Parsed<S extends RouteSpec, K extends 'body' | 'query' | 'params'> = S['request'] extends {
  [P in K]: infer T extends Schema;
}
  ? z.output<T>
  : undefined;

export interface HttpRequest<S extends RouteSpec> {
  readonly body: Parsed<S, 'body'>;
  readonly query: Parsed<S, 'query'>;
  readonly params: Parsed<S, 'params'>;
  /** The caller (JWT `sub`); empty only on public routes. */
  readonly userId: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** What a route may answer: the input of each of its response schemas (JSON, CSV or HTML text). */
export type AnswerBody<S extends RouteSpec> = {
  [M in keyof S['response']]: S['response'][M] extends infer T extends Schema ? z.input<T> : never;
}[keyof S['response']];

export interface HttpAnswer<S extends RouteSpec = RouteSpec> {
  readonly status?: number;
  /** Sent as JSON, unless it is a string and `headers` name another content-type. */
  readonly body: AnswerBody<S>;
  readonly headers?: Record<string, string>;
}

// Created once per cold start. Public-only functions (health, openapi) never build a verifier,
// so they need no auth configuration.
let verifier: TokenVerifier | undefined;
const tokenVerifier = () => {
  verifier ??= createTokenVerifier();
  return verifier;
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Result => ({
  statusCode: status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

// CSV and HTML answers name their own content-type and are sent as they are.
const answerOf = (
  status: number,
  answer: { body: unknown; headers?: Record<string, string> },
): Result =>
  typeof answer.body === 'string' && answer.headers?.['content-type'] !== undefined
    ? { statusCode: status, headers: answer.headers, body: answer.body }
    : json(status, answer.body, answer.headers);

function zodIssues(location: string, error: z.core.$ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const base = [location, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: `${base}.${key}`, message: 'is not a known field' }));
    }
    return [{ path: base, message: issue.message }];
  });
}

function validate<T>(schema: Schema<T> | undefined, input: unknown, location: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(input);
  if (!result.success) throw new Invalid(zodIssues(location, result.error));
  return result.data;
}

function readBody(event: Event): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return {};
  const text = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new PayloadTooLarge(`The request body must be at most ${MAX_BODY_BYTES} bytes`);
  }
  const contentType = event.headers['content-type'] ?? '';
  if (!/^application\/([a-z.+-]+\+)?json\b/i.test(contentType)) {
    throw new UnsupportedMediaType(
      'The request body must be JSON (Content-Type: application/json)',
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Invalid([{ path: 'body', message: 'is not valid JSON' }]);
  }
}

async function authenticate(event: Event): Promise<string> {
  const header = event.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new Unauthorized('A bearer token is required');
  return tokenVerifier().verify(match[1]);
}

/** Seconds a client waits before asking again while Aurora resumes (up to ~15 s in all). */
export const DATABASE_WAKING_RETRY_AFTER_SECONDS = 5;

function errorAnswer(err: unknown): Result {
  if (isDatabaseResuming(err)) {
    // Still resuming after the retries this invocation had time for: a state, not a failure.
    return json(
      503,
      {
        error: 'database_waking',
        message: 'The database is waking up; try again in a few seconds',
      },
      { 'retry-after': String(DATABASE_WAKING_RETRY_AFTER_SECONDS) },
    );
  }
  if (err instanceof DomainError) {
    const headers: Record<string, string> =
      err instanceof Unauthorized ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {};
    return json(err.status, { error: err.code, message: err.message, ...err.details }, headers);
  }
  logger.error('Unhandled error', loggableError(err));
  return json(500, { error: 'internal_error', message: 'Something went wrong on our side' });
}

/**
 * Builds a Lambda handler for one route: security headers, bearer-token auth (CORS is the
 * HTTP API's, functions/cors.ts),
 * JSON body and zod validation (400 naming the field), domain errors mapped to 4xx, and a 500
 * that leaks nothing. The function body only sees parsed, typed input.
 */
export function httpHandler<S extends RouteSpec>(
  route: S,
  work: (request: HttpRequest<S>) => Promise<HttpAnswer<S>>,
) {
  // Answers to a signed-in caller are theirs alone: no browser, proxy or CDN may keep them.
  const privately = (result: Result): Result =>
    route.auth
      ? { ...result, headers: { ...result.headers, 'cache-control': 'no-store' } }
      : result;

  const core = middy<Event, APIGatewayProxyResultV2>()
    .use(logInvocation())
    .use(publishMetrics())
    .use(httpHeaderNormalizer())
    .use(securityHeaders())
    .use({
      onError: (request) => {
        request.response = privately(errorAnswer(request.error));
      },
    })
    .handler(async (event) => {
      logger.appendKeys({ request_id: event.requestContext?.requestId });
      useCorrelationId(
        correlationIdOf(event.headers[CORRELATION_HEADER], event.requestContext?.requestId),
      );
      const userId = route.auth ? await authenticate(event) : '';
      const request = {
        userId,
        headers: event.headers,
        params: validate(route.request?.params, event.pathParameters ?? {}, 'path'),
        query: validate(route.request?.query, event.queryStringParameters ?? {}, 'query'),
        body: validate(route.request?.body, route.request?.body ? readBody(event) : {}, 'body'),
      } as HttpRequest<S>;
      const answer = await work(request);
      return privately(answerOf(answer.status ?? route.successStatus ?? 200, answer));
    });

  return withDeadline(core as (event: Event, context: Context) => Promise<APIGatewayProxyResultV2>);
}
