/**
 * Paths the local gateway serves besides the API: the dev issuer's JWKS, and local-only
 * controls that have no AWS counterpart (run a schedule now, see the events on the bus).
 */
import type { ServerResponse } from 'node:http';
import type { EventBus } from './event-bus/server';
import type { ExtraHandler } from './gateway';
import type { LocalScheduler } from './scheduler';

const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

export function serveLocalAdmin(parts: {
  jwks: unknown;
  scheduler: LocalScheduler;
  bus: EventBus;
}): ExtraHandler {
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/.well-known/jwks.json') {
      sendJson(res, 200, parts.jwks);
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
        sendJson(res, 200, {
          schedule: schedule[1],
          result: await parts.scheduler.run(schedule[1]),
        });
      } catch (err) {
        sendJson(res, 500, { schedule: schedule[1], error: String(err) });
      }
      return true;
    }
    if (req.method === 'GET' && path === '/_local/events') {
      sendJson(res, 200, {
        published: parts.bus.published(),
        dead_letters: parts.bus.deadLetters(),
      });
      return true;
    }
    return false;
  };
}
