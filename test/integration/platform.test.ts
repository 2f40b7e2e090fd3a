import { describe, expect, it } from 'vitest';
import { CORS_RULES } from '../../functions/cors';
import { apiUrl, call, newUser } from '../support/api';

describe('public endpoints', () => {
  it('health answers without a token', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('openapi.json documents every route with its schemas', async () => {
    const res = await call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const start = res.body.paths['/api/analytics/sessions/start'].post;
    expect(
      start.requestBody.content['application/json'].schema.properties.session_type.enum,
    ).toEqual(['solo', 'group', 'tutoring']);
    const list = res.body.paths['/api/analytics/sessions'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['class_id', 'start_date', 'end_date', 'limit', 'cursor']),
    );
    expect(res.body.paths['/api/analytics/sessions/{id}/end'].put.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      required: true,
    });
  });

  it('unknown routes are 404', async () => {
    expect((await call('GET', '/nothing-here', { user: newUser() })).status).toBe(404);
  });
});

describe('HTTP hygiene', () => {
  it('sets security headers on answers, errors included', async () => {
    const ok = await call('GET', '/health');
    // A function's error answer (the authorizer's own 401 never reaches a function).
    const missing = await call('GET', '/sessions/999999999', { user: newUser() });
    expect(missing.status).toBe(404);
    for (const res of [ok, missing]) {
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('allows CORS only from the allowlist, answered by the gateway as the HTTP API does', async () => {
    const allowed = await call('GET', '/health', {
      headers: { origin: 'https://dashboard.example.test' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(
      'https://dashboard.example.test',
    );
    expect(allowed.headers.get('access-control-expose-headers')).toBe(
      CORS_RULES.exposeHeaders.join(','),
    );
    const other = await call('GET', '/health', { headers: { origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers CORS preflights for allowed origins', async () => {
    const res = await fetch(`${apiUrl()}/sessions/start`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://dashboard.example.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://dashboard.example.test');
    expect(res.headers.get('access-control-allow-methods')).toBe(CORS_RULES.allowMethods.join(','));
    expect(res.headers.get('access-control-allow-headers')).toBe(CORS_RULES.allowHeaders.join(','));
  });
});
