import * as account from '../contracts/account-answers';
import * as common from '../contracts/answer-common';
import * as goals from '../contracts/goal-answers';
import * as performance from '../contracts/performance-answers';
import * as preferences from '../contracts/preference-answers';
import * as reports from '../contracts/report-answers';
import * as service from '../contracts/service-answers';
import * as sessions from '../contracts/session-answers';
import type { Schema } from '../contracts/zod';
import * as z from '../contracts/zod';
import type { HttpRoute, MediaType } from './route-spec';

type JsonSchema = Record<string, unknown>;

const SCHEMAS = '#/components/schemas/';

/** What API Gateway itself answers (a missing token, throttling, a function that failed). */
const GatewayError = z
  .object({ message: z.string() })
  .check(z.describe('An answer from API Gateway itself, before or instead of the function'));

/**
 * Every answer shape the contracts export, named as exported less `Answer` (`SessionAnswer` →
 * `Session`), so the document and the clients generated from it share one vocabulary. Strings
 * and numbers (`Instant`, `Day`) stay inline.
 */
function namedAnswers(): Map<Schema, string> {
  const names = new Map<Schema, string>([[GatewayError, 'GatewayError']]);
  for (const module of [
    common,
    account,
    sessions,
    goals,
    preferences,
    performance,
    reports,
    service,
  ]) {
    for (const [exported, value] of Object.entries(module)) {
      if (!(value instanceof z.ZodMiniType)) continue;
      const kind = (value as Schema).def.type;
      if (kind !== 'object' && kind !== 'union') continue;
      names.set(value as Schema, exported.replace(/Answer$/, ''));
    }
  }
  return names;
}

const toSchema = (schema: Schema, io: 'input' | 'output' = 'input'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
};

/** The named answer schemas as components, referring to one another by `$ref`. */
function componentSchemas(names: Map<Schema, string>): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of names) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `${SCHEMAS}${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  // Sorted, so the document (and the types generated from it) is the same however loaded.
  return Object.fromEntries(
    Object.entries(schemas)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, { $schema: _ignored, $id: _id, ...rest }]) => [id, rest]),
  );
}

function parameters(schema: Schema | undefined, where: 'query' | 'path'): unknown[] {
  if (!schema) return [];
  const json = toSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const ref = (id: string) => ({ $ref: `${SCHEMAS}${id}` });
const jsonContent = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
const errorResponse = (description: string, schema: JsonSchema = ref('Error')) => ({
  description,
  ...jsonContent(schema),
});
const eitherError = { anyOf: [ref('Error'), ref('GatewayError')] };

/** The error answers a route can give, from what it takes and what it uses. */
function errorResponses(route: HttpRoute): Record<string, unknown> {
  const hasBody = route.request?.body !== undefined;
  const usesDatabase = route.uses.some((u) => u === 'database' || u === 'database-batch');
  return {
    ...(route.request
      ? { 400: errorResponse('Invalid input; `issues` names each field and what is wrong') }
      : {}),
    ...(route.auth
      ? {
          401: errorResponse(
            'Missing, invalid or expired bearer token (API Gateway answers `{"message":"Unauthorized"}`)',
            eitherError,
          ),
          404: errorResponse('Not found (or not the caller’s)'),
          409: errorResponse('The object is not in a state that allows this'),
        }
      : {}),
    ...(hasBody
      ? {
          413: errorResponse('The request body is larger than 64 KB'),
          415: errorResponse('The request body is not JSON'),
          422: errorResponse('The request cannot be carried out as asked'),
        }
      : {}),
    429: errorResponse('Too many requests: throttled by API Gateway', ref('GatewayError')),
    500: errorResponse('Something failed on our side; the answer reveals nothing', eitherError),
    ...(usesDatabase
      ? {
          503: {
            ...errorResponse('The database is waking up (`database_waking`): try again'),
            headers: {
              'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } },
            },
          },
        }
      : {}),
  };
}

const TEXT_DESCRIPTIONS: Record<Exclude<MediaType, 'application/json'>, string> = {
  'text/csv': 'CSV (?format=csv)',
  'text/html': 'HTML page',
};

function successResponse(route: HttpRoute, names: Map<Schema, string>) {
  const content: Record<string, unknown> = {};
  for (const [type, schema] of Object.entries(route.response) as [MediaType, Schema][]) {
    const name = names.get(schema);
    content[type] =
      type === 'application/json'
        ? { schema: name ? ref(name) : toSchema(schema, 'output') }
        : { schema: { type: 'string', description: TEXT_DESCRIPTIONS[type] } };
  }
  return { description: route.summary, content };
}

/** An OpenAPI 3.1 document generated from the route table and its zod schemas. */
export function buildOpenApiDocument(routes: readonly HttpRoute[]) {
  const names = namedAnswers();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const { body, query, params } = route.request ?? {};
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId: route.name,
      summary: route.summary,
      security: route.auth ? [{ bearer: [] }] : [],
      parameters: [...parameters(params, 'path'), ...parameters(query, 'query')],
      ...(body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(body) } },
            },
          }
        : {}),
      responses: {
        [String(route.successStatus ?? 200)]: successResponse(route, names),
        ...errorResponses(route),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Study Analytics API',
      version: '1.0.0',
      description:
        'Study sessions, activities, goals, analytics and reports for students of a learning platform.',
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: componentSchemas(names),
    },
  };
}
