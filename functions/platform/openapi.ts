import { ErrorBody } from '../contracts/common';
import type { Schema } from '../contracts/zod';
import * as z from '../contracts/zod';
import type { HttpRoute } from './route-spec';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: Schema): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
};

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

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** An OpenAPI 3.1 document generated from the route table and its zod schemas. */
export function buildOpenApiDocument(routes: readonly HttpRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const { body, query, params } = route.request ?? {};
    const responses: Record<string, unknown> = {
      [String(route.successStatus ?? 200)]: { description: 'Success' },
    };
    if (route.request)
      responses['400'] = errorResponse('Invalid input; the message names the field');
    if (route.auth) {
      responses['401'] = errorResponse('Missing, invalid or expired bearer token');
      responses['404'] = errorResponse('Not found (or not the caller’s)');
      responses['409'] = errorResponse('The object is not in a state that allows this');
    }
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
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Study Analytics API',
      version: '1.0.0',
      description:
        'Study sessions, activities and preferences for students of a learning platform.',
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: toSchema(ErrorBody) },
    },
  };
}
