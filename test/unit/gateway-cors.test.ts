/**
 * CORS as a deployed HTTP API with a CORS configuration answers it:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
 * ("API Gateway ignores CORS headers returned from your backend integration").
 */
import { describe, expect, it } from 'vitest';
import { CORS_RULES } from '../../functions/cors';
import { createCors } from '../../local/cors';

const DASHBOARD = 'https://dashboard.example.test';

describe('the local gateway answers CORS from the rules infra deploys', () => {
  const cors = createCors([DASHBOARD]);

  it('answers a preflight from an allowed origin with the shared rules', () => {
    expect(cors.preflight(DASHBOARD)).toEqual({
      'access-control-allow-origin': DASHBOARD,
      'access-control-allow-methods': CORS_RULES.allowMethods.join(','),
      'access-control-allow-headers': CORS_RULES.allowHeaders.join(','),
      'access-control-max-age': String(CORS_RULES.maxAgeSeconds),
      vary: 'origin',
    });
    expect(cors.preflight('https://evil.example.com')).toEqual({});
    expect(cors.preflight(undefined)).toEqual({});
  });

  it("replaces an integration's own CORS headers with the configuration's", () => {
    const fromFunction = {
      'content-type': 'application/json',
      'access-control-allow-origin': '*',
      'access-control-allow-credentials': 'true',
    };
    expect(cors.onAnswer(fromFunction, DASHBOARD)).toEqual({
      'content-type': 'application/json',
      'access-control-allow-origin': DASHBOARD,
      'access-control-expose-headers': CORS_RULES.exposeHeaders.join(','),
      vary: 'origin',
    });
    expect(cors.onAnswer(fromFunction, 'https://evil.example.com')).toEqual({
      'content-type': 'application/json',
    });
  });

  it('without a CORS configuration passes the answer through untouched', () => {
    const headers = { 'content-type': 'text/plain', 'access-control-allow-origin': '*' };
    expect(createCors([]).onAnswer(headers, DASHBOARD)).toEqual(headers);
    expect(createCors([]).preflight(DASHBOARD)).toEqual({});
  });

  it("answers '*' when every origin is allowed", () => {
    expect(createCors(['*']).preflight(DASHBOARD)['access-control-allow-origin']).toBe('*');
  });
});
