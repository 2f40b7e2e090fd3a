import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorAnswer } from '../../functions/contracts/answer-common';
import { buildOpenApiDocument } from '../../functions/platform/openapi';
import { httpRoutes } from '../../functions/routes';
import { answerProblem } from '../../local/answer-check';
import { API_TYPES_FILE, apiTypesSource } from '../../local/api-types';

const document = buildOpenApiDocument(httpRoutes);
type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
const operations = Object.values(document.paths).flatMap(
  (byMethod) => Object.values(byMethod) as (Operation & { operationId: string })[],
);

describe('answers', () => {
  it('every route has a response schema for its successful answer', () => {
    for (const route of httpRoutes) {
      expect(Object.keys(route.response).length, route.name).toBeGreaterThan(0);
    }
  });

  it('/openapi.json documents a schema for every response of every operation', () => {
    expect(operations).toHaveLength(httpRoutes.length);
    for (const operation of operations) {
      const statuses = Object.keys(operation.responses);
      expect(
        statuses.some((s) => s.startsWith('2')),
        operation.operationId,
      ).toBe(true);
      expect(statuses, operation.operationId).toEqual(expect.arrayContaining(['429', '500']));
      for (const [status, response] of Object.entries(operation.responses)) {
        const content = Object.values(response.content ?? {});
        expect(content.length, `${operation.operationId} ${status}`).toBeGreaterThan(0);
        for (const media of content)
          expect(media.schema, `${operation.operationId} ${status}`).toBeDefined();
      }
    }
  });

  it('web/src/lib/api-types.ts is generated from the current route table (npm run api:types)', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await apiTypesSource());
  });

  it('documents the error shape with its field names', () => {
    const error = document.components.schemas.Error as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(error.properties)).toEqual(['error', 'message', 'issues']);
    expect(error.required).toEqual(['error', 'message']);
    const issues = error.properties.issues as { items: { properties: Record<string, unknown> } };
    expect(Object.keys(issues.items.properties)).toEqual(['path', 'message']);
  });

  it('signed-in routes document 401, body routes 413 and 415, database routes 503', () => {
    for (const route of httpRoutes) {
      const operation = operations.find((o) => o.operationId === route.name) as Operation;
      const statuses = Object.keys(operation.responses);
      if (route.auth) expect(statuses, route.name).toContain('401');
      if (route.request?.body)
        expect(statuses, route.name).toEqual(expect.arrayContaining(['413', '415']));
      if (route.uses.includes('database')) expect(statuses, route.name).toContain('503');
    }
  });

  it('an error answer the functions give matches the documented error shape', () => {
    const answer = {
      error: 'validation_error',
      message: 'body.class_id: must be a number',
      issues: [{ path: 'body.class_id', message: 'must be a number' }],
    };
    expect(ErrorAnswer.safeParse(answer).success).toBe(true);
    expect(ErrorAnswer.safeParse({ message: 'no code' }).success).toBe(false);
  });

  describe('the test stack’s answer check', () => {
    const health = httpRoutes.find((r) => r.name === 'health');
    const json = (status: number, body: unknown) => ({
      statusCode: status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    });
    if (!health) throw new Error('no health route');

    it('passes an answer that matches, and names the field of one that does not', () => {
      const ok = { status: 'ok', service: 'study-analytics', time: '2026-01-01T00:00:00.000Z' };
      expect(answerProblem(health, json(200, ok))).toBeUndefined();
      expect(answerProblem(health, json(200, { ...ok, time: 5 }))).toMatch(/^time: /);
    });

    it('refuses an undocumented status, content type or error shape', () => {
      const ok = { status: 'ok', service: 'study-analytics', time: '2026-01-01T00:00:00.000Z' };
      expect(answerProblem(health, json(201, ok))).toMatch(/201/);
      expect(
        answerProblem(health, {
          statusCode: 200,
          headers: { 'content-type': 'text/csv' },
          body: '',
        }),
      ).toMatch(/text\/csv/);
      expect(answerProblem(health, json(404, { oops: true }))).toMatch(/error|message/);
    });
  });
});
