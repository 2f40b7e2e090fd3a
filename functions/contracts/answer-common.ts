/**
 * Building blocks of the API's answers. Every answer schema describes what a handler returns
 * (checked by the compiler), what the test stack checks each answer against, and what
 * `/openapi.json` documents; generated client types come from that document.
 */
import * as z from './zod';

/** An instant as the API writes it: ISO 8601 in UTC with milliseconds (`…T…Z`). */
export const Instant = z
  .string()
  .check(z.describe('ISO 8601 instant in UTC, e.g. 2026-03-02T14:05:00.000Z'));
/** A calendar day in the student's time zone. */
export const Day = z.string().check(z.describe('calendar day, YYYY-MM-DD'));
export const Id = z.number().check(z.int());
/** A rounded figure, or null where there is nothing to average or compare. */
export const Figure = z.nullable(z.number());

/** Every error answer: a code to branch on, a message to show, and the fields at fault. */
export const ErrorAnswer = z
  .looseObject({
    error: z
      .string()
      .check(z.describe('machine-readable error code, e.g. validation_error, not_found')),
    message: z
      .string()
      .check(z.describe('readable message; for invalid input it names the fields')),
    issues: z.optional(
      z
        .array(
          z.object({
            path: z
              .string()
              .check(z.describe('where the problem is, e.g. body.class_id or query.limit')),
            message: z.string(),
          }),
        )
        .check(z.describe('one entry per invalid field (400 only)')),
    ),
  })
  .check(z.describe('An error; some codes add fields, e.g. the conflicting status'));
