/**
 * Checks a function's answer against its route's response schema (functions/routes.ts): a
 * success against the schema of its content type, an error against the one error shape. The
 * test stack turns it on, so every answer any test provokes is checked at run time; an answer
 * that does not match becomes a 500 naming the field, and the test that caused it fails.
 */
import { ErrorAnswer } from '../functions/contracts/answer-common';
import type { HttpRoute, MediaType } from '../functions/platform/route-spec';

export interface FunctionAnswer {
  statusCode?: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

/** What is wrong with `answer` for `route`, or undefined when it matches. */
export function answerProblem(route: HttpRoute, answer: FunctionAnswer): string | undefined {
  const status = answer.statusCode ?? 200;
  const contentType = (answer.headers?.['content-type'] ?? 'application/json')
    .split(';')[0]
    ?.trim() as MediaType;
  const expected = String(route.successStatus ?? 200);
  if (status >= 400) return contentType === 'application/json' ? check(ErrorAnswer) : undefined;
  if (String(status) !== expected) return `answered ${status}; the route documents ${expected}`;
  const schema = route.response[contentType];
  if (!schema) return `answered ${contentType}, which the route does not document`;
  return check(schema);

  function check(schema: NonNullable<HttpRoute['response'][MediaType]>) {
    let value: unknown = answer.body ?? '';
    if (contentType === 'application/json') {
      try {
        value = JSON.parse(String(value));
      } catch {
        return 'answered a body that is not JSON';
      }
    }
    const result = schema.safeParse(value);
    if (result.success) return undefined;
    return result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
      .join('; ');
  }
}
