/**
 * Paths the local gateway serves besides the API: the dev issuer's JWKS and its token endpoint
 * (the dashboard's local sign-in), and local-only controls that have no AWS counterpart (run a
 * schedule now, see the events on the bus, make SES report a bounce or complaint).
 */
import type { ServerResponse } from 'node:http';
import * as z from 'zod';
import type { DataApiEmulator } from './data-api/server';
import type { DevIssuer } from './dev-issuer';
import type { EventBus } from './event-bus/server';
import type { ExtraHandler } from './gateway';
import type { LambdaService } from './lambda-service';
import type { LocalScheduler } from './scheduler';
import type { LocalSes } from './ses';
import { FeedbackRequest, feedbackTarget, sesFeedbackEvent } from './ses-feedback';
import type { LocalQueues } from './sqs';

const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Token lifetime for the dashboard's local sign-in; it asks again when one runs out. */
const LOCAL_TOKEN_SECONDS = 12 * 3600;
/** A `sub` as the dev issuer mints it: no spaces, quotes or control characters. */
const LOCAL_USER = /^[A-Za-z0-9._@-]{1,128}$/;

export function serveLocalAdmin(parts: {
  jwks: unknown;
  issuer: Pick<DevIssuer, 'token'>;
  scheduler: LocalScheduler;
  bus: EventBus;
  lambda: LambdaService;
  queues: LocalQueues;
  ses: Pick<LocalSes, 'emails'>;
  /** The configuration set the local reports are sent through. */
  configurationSet: string;
  dataApi: Pick<DataApiEmulator, 'injectError'>;
}): ExtraHandler {
  return async (req, res, body) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/.well-known/jwks.json') {
      sendJson(res, 200, parts.jwks);
      return true;
    }
    if (req.method === 'GET' && path === '/_local/token') {
      // The stand-in for a hosted sign-in page: only the local stack serves this path.
      const user = new URL(req.url ?? '/', 'http://localhost').searchParams.get('user') ?? 'demo';
      if (!LOCAL_USER.test(user)) {
        sendJson(res, 400, { message: 'user must be 1–128 letters, digits or . _ @ -' });
        return true;
      }
      const expiresAt = new Date(Date.now() + LOCAL_TOKEN_SECONDS * 1000);
      res.setHeader('cache-control', 'no-store');
      sendJson(res, 200, {
        user,
        token: parts.issuer.token({ user, expiresIn: LOCAL_TOKEN_SECONDS }),
        expires_at: expiresAt.toISOString(),
      });
      return true;
    }
    const schedule = /^\/_local\/schedules\/([a-z0-9-]+)\/run$/.exec(path);
    if (req.method === 'POST' && schedule?.[1]) {
      if (!parts.scheduler.names.includes(schedule[1])) {
        sendJson(res, 404, {
          message: `No schedule named ${schedule[1]}`,
          schedules: parts.scheduler.names,
        });
        return true;
      }
      try {
        // An optional JSON body is the schedule's target input, e.g. {"at": "…"} for the builder.
        const text = body.toString('utf8');
        const input = text.trim() ? JSON.parse(text) : {};
        sendJson(res, 200, {
          schedule: schedule[1],
          result: await parts.scheduler.run(schedule[1], input),
        });
      } catch (err) {
        sendJson(res, 500, { schedule: schedule[1], error: String(err) });
      }
      return true;
    }
    if (req.method === 'POST' && path === '/_local/ses/feedback') {
      // What SES does when a recipient's server bounces a report or its owner marks it as spam.
      let parsed: ReturnType<typeof FeedbackRequest.safeParse>;
      try {
        parsed = FeedbackRequest.safeParse(JSON.parse(body.toString('utf8') || '{}'));
      } catch {
        sendJson(res, 400, { message: 'The body must be JSON' });
        return true;
      }
      if (!parsed.success) {
        sendJson(res, 400, { message: z.prettifyError(parsed.error) });
        return true;
      }
      const message = feedbackTarget(await parts.ses.emails(), parsed.data);
      if (!message) {
        sendJson(res, 404, { message: 'The local SES sent no such message to that address' });
        return true;
      }
      const event = sesFeedbackEvent(message, parsed.data, parts.configurationSet);
      parts.bus.publishServiceEvent(event);
      sendJson(res, 202, { event });
      return true;
    }
    if (req.method === 'POST' && path === '/_local/data-api/faults') {
      // {"error": "ThrottlingException", "count": 2}: the next calls fail as AWS sometimes does.
      try {
        const { error, count } = JSON.parse(body.toString('utf8') || '{}');
        parts.dataApi.injectError(error, count);
        sendJson(res, 200, { error, count });
      } catch (err) {
        sendJson(res, 400, { message: err instanceof Error ? err.message : String(err) });
      }
      return true;
    }
    if (req.method === 'GET' && path === '/_local/events') {
      sendJson(res, 200, {
        published: parts.bus.published(),
        // Events the bus could not deliver to a function at all.
        dead_letters: parts.bus.deadLetters(),
        // Invocations whose function failed every attempt: the records Lambda keeps.
        on_failure: Object.fromEntries(
          parts.lambda.functionNames.map((name) => {
            const queue = parts.lambda.onFailureQueue(name);
            return [queue, parts.queues.messages(queue).map((m) => JSON.parse(m.body))];
          }),
        ),
      });
      return true;
    }
    return false;
  };
}
