/**
 * The API's CORS rules, defined once: infra gives them (with the stage's allowed origins) to the
 * HTTP API's CORS configuration, and the local gateway answers with them. Functions add no CORS
 * headers: an HTTP API with CORS configured answers preflights itself and ignores the CORS
 * headers an integration returns
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html).
 */
export const CORS_RULES = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
  exposeHeaders: ['location', 'content-disposition', 'link', 'x-next-cursor'],
  maxAgeSeconds: 600,
} as const;
