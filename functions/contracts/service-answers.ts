import { Instant } from './answer-common';
import * as z from './zod';

export const HealthAnswer = z.object({
  status: z.literal('ok'),
  service: z.string(),
  time: Instant,
});

export const OpenApiDocument = z
  .looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) })
  .check(z.describe('an OpenAPI 3.1 document'));
