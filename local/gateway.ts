/**
 * The local stand-in for API Gateway (HTTP API): turns HTTP requests into payload-format-2.0
 * events from the shared route table, invokes the same handler modules Lambda runs, and turns
 * their results back into HTTP answers. It also answers CORS preflights as the HTTP API's CORS
 * configuration does, and runs the JWT authorizer of signed-in routes before their function.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpRoute } from '../functions/platform/route-spec';
import { HTTP_TIMEOUT_SECONDS } from '../functions/routes';
import { answerProblem, type FunctionAnswer } from './answer-check';
import { createCors } from './cors';
import type { Authorization, JwtAuthorizerContext } from './jwt-authorizer';
import { unauthorizedAnswer } from './jwt-authorizer';
import { keepIdleConnections } from './keep-alive';
import { invokeHandler, type LambdaHandler, lambdaContext } from './lambda';
import { createWebAssets } from './web-assets';

/** Extra non-API paths served by the gateway process (JWKS, local admin, dashboard). */
export type ExtraHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
) => Promise<boolean> | boolean;

export interface GatewayOptions {
  port: number;
  host?: string;
  routes: readonly HttpRoute[];
  /** Loads a route's handler module (the loader keeps it warm after the first call). */
  loadHandler: (route: HttpRoute) => Promise<LambdaHandler>;
  corsAllowedOrigins: readonly string[];
  /** The functions' Lambda timeout; infra sets the same (HTTP_TIMEOUT_SECONDS). */
  timeoutMs?: number;
  /** The JWT authorizer of routes with `auth: true` (local/jwt-authorizer.ts). */
  authorize?: (authorization: string | undefined) => Promise<Authorization>;
  extra?: ExtraHandler;
  /** Check every function answer against its route's response schema (tests turn this on). */
  checkAnswers?: boolean;
}

export interface Gateway {
  readonly url: string;
  readonly server: Server;
  /** Function invocations per route name since the gateway started. */
  invocations(): Readonly<Record<string, number>>;
  close(): Promise<void>;
}

interface CompiledRoute {
  route: HttpRoute;
  pattern: RegExp;
  names: string[];
}

/** API Gateway's 10 MB payload limit; functions apply their own, smaller, limits. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

function compile(route: HttpRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

/** Literal segments win over parameters (`/sessions/active` before `/sessions/{id}`), as on AWS. */
const specificity = (r: HttpRoute) => r.path.split('/').filter((s) => !s.startsWith('{')).length;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) throw new Error('payload too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const isTextual = (contentType: string | undefined) =>
  !contentType ||
  /^(text\/|application\/([a-z.+-]+\+)?(json|xml|x-www-form-urlencoded))/i.test(contentType);

function toEvent(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  match: { route: HttpRoute; params: Record<string, string> },
  authorizer: JwtAuthorizerContext | undefined,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') {
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    // HTTP API joins repeated query parameters with commas.
    query[name] = name in query ? `${query[name]},${value}` : value;
  }
  const textual = isTextual(req.headers['content-type']);
  const now = new Date();
  const routeKey = `${match.route.method} ${match.route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    cookies: req.headers.cookie?.split(/;\s*/),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(match.params).length ? match.params : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: req.headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      ...(authorizer ? { authorizer } : {}),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? body.toString(textual ? 'utf8' : 'base64') : undefined,
    isBase64Encoded: body.length > 0 && !textual,
  };
}

/** Payload format 2.0: a bare object or string is a 200 JSON body, as API Gateway reads it. */
function send(
  res: ServerResponse,
  result: unknown,
  withCors: (headers: Record<string, string | string[]>) => Record<string, string | string[]>,
): void {
  const structured =
    result && typeof result === 'object' && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : {
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          body: typeof result === 'string' ? result : JSON.stringify(result),
        };
  const headers: Record<string, string | string[]> = {
    ...(structured.headers as Record<string, string>),
  };
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body = structured.body ?? '';
  res.writeHead(structured.statusCode ?? 200, withCors(headers));
  res.end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/** Path parameters, percent-decoded; undefined when one is not valid percent-encoded UTF-8. */
function decodedParams(names: string[], found: RegExpExecArray) {
  try {
    return Object.fromEntries(
      names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]),
    );
  } catch {
    return undefined;
  }
}

const plain = (res: ServerResponse, status: number, message: string) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message }));
};

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const compiled = [...options.routes].sort((a, b) => specificity(b) - specificity(a)).map(compile);
  const timeoutMs = options.timeoutMs ?? HTTP_TIMEOUT_SECONDS * 1000;
  const cors = createCors(options.corsAllowedOrigins);
  const invocations: Record<string, number> = {};
  const web = createWebAssets();

  const preflight = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(204, cors.preflight(req.headers.origin));
    res.end();
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = await readBody(req).catch(() => undefined);
      if (!body) return plain(res, 413, 'Request Entity Too Large');
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
        return preflight(req, res);
      }
      for (const { route, pattern, names } of compiled) {
        const found = route.method === req.method ? pattern.exec(url.pathname) : null;
        if (!found) continue;
        const params = decodedParams(names, found);
        // API Gateway answers a path it cannot decode itself; no function runs.
        if (!params) return plain(res, 400, 'Bad Request');
        let authorizer: JwtAuthorizerContext | undefined;
        if (route.auth && options.authorize) {
          const verdict = await options.authorize(req.headers.authorization);
          if (!verdict.allowed) {
            const answer = unauthorizedAnswer(verdict.description);
            res.writeHead(answer.status, answer.headers);
            return res.end(answer.body);
          }
          authorizer = verdict.context;
        }
        const handler = await options.loadHandler(route);
        invocations[route.name] = (invocations[route.name] ?? 0) + 1;
        // Past its timeout the invocation fails like any function error: a 500 from the gateway.
        const result = await invokeHandler(
          handler,
          toEvent(req, url, body, { route, params }, authorizer),
          lambdaContext(route.name, timeoutMs),
          timeoutMs,
        );
        const problem =
          options.checkAnswers && result && typeof result === 'object'
            ? answerProblem(route, result as FunctionAnswer)
            : undefined;
        if (problem) {
          console.error(`${route.name}: the answer does not match its schema: ${problem}`);
          return plain(res, 500, `Answer does not match the schema of ${route.name}: ${problem}`);
        }
        return send(res, result, (headers) => cors.onAnswer(headers, req.headers.origin));
      }
      if (options.extra && (await options.extra(req, res, body))) return;
      if (web(req, res)) return;
      plain(res, 404, 'Not Found');
    } catch (err) {
      // What API Gateway answers when the function itself fails.
      console.error(err);
      if (!res.headersSent) plain(res, 500, 'Internal Server Error');
    }
  });

  keepIdleConnections(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    invocations: () => ({ ...invocations }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
