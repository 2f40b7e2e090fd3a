/**
 * The local stand-in for Amazon EventBridge: a PutEvents endpoint speaking awsJson1_1 for the
 * real EventBridgeClient, the rules that infra also deploys, and asynchronous delivery to the
 * same function modules Lambda runs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepIdleConnections } from '../keep-alive';
import { type DeadLetter, Deliveries } from './delivery';
import { type EventPattern, matchesPattern, validatePattern } from './pattern';
import {
  type EntryResult,
  type EventEnvelope,
  MAX_REQUEST_BYTES,
  toEnvelope,
  ValidationException,
  validateRequest,
} from './put-events';

export type { DeadLetter, EventEnvelope };

export interface EventRule {
  name: string;
  eventPattern: Record<string, unknown>;
  /**
   * Name of the target function; the bus hands matching events to `invoke(target, event)`,
   * which resolves once the target has accepted the event (a rejection is a failed delivery).
   */
  target: string;
  retryAttempts?: number;
  maximumEventAgeSeconds?: number;
  /** On the account's default bus: it sees AWS services' events, never this bus's PutEvents. */
  onDefaultBus?: boolean;
}

export interface EventBus {
  readonly url: string;
  readonly name: string;
  /** Every accepted envelope, in order. */
  published(): EventEnvelope[];
  /** Events the bus could not deliver to their target after its retries (the rules' DLQs). */
  deadLetters(): DeadLetter[];
  /**
   * An AWS service's event (e.g. SES feedback) arriving on the account's default bus, as the
   * service itself puts it there: delivered to the default bus's rules.
   */
  publishServiceEvent(event: EventEnvelope): void;
  /** Resolves when no delivery is pending or waiting for a retry. */
  idle(): Promise<void>;
  /** Test switch: deliver every matching event twice, as at-least-once delivery may. */
  setDeliverTwice(on: boolean): void;
  /** Test switch: fail the next N PutEvents calls whole (500) or entry by entry. */
  failNextPutEvents(count: number, mode?: 'request' | 'entries'): void;
  close(): Promise<void>;
}

export interface EventBusOptions {
  port?: number;
  host?: string;
  busName: string;
  rules: readonly EventRule[];
  invoke: (target: string, event: EventEnvelope) => Promise<void>;
  retryBaseDelayMs?: number;
  logger?: (message: string, data?: unknown) => void;
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    chunks.push(chunk as Buffer);
  }
  // Leave room for the JSON framing around the entries' own 256 KB.
  return size > 2 * MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

export async function startEventBus(options: EventBusOptions): Promise<EventBus> {
  const log = options.logger ?? (() => undefined);
  const rules = options.rules.map((rule) => ({
    name: rule.name,
    target: rule.target,
    pattern: validatePattern(rule.eventPattern, `rule ${rule.name}`) as EventPattern,
    retryAttempts: rule.retryAttempts ?? 3,
    maximumEventAgeSeconds: rule.maximumEventAgeSeconds ?? 86_400,
    onDefaultBus: rule.onDefaultBus ?? false,
  }));
  const deliveries = new Deliveries(options.invoke, options.retryBaseDelayMs ?? 200, log);
  const published: EventEnvelope[] = [];
  let deliverTwice = false;
  let failures = { count: 0, mode: 'request' as 'request' | 'entries' };

  function route(event: EventEnvelope, onDefaultBus: boolean): void {
    published.push(event);
    for (const rule of rules) {
      if (rule.onDefaultBus !== onDefaultBus) continue;
      if (!matchesPattern(rule.pattern, event as unknown as Record<string, unknown>)) continue;
      deliveries.deliver(rule, event);
      if (deliverTwice) deliveries.deliver(rule, event);
    }
  }

  function putEvents(input: { Entries?: unknown }): {
    FailedEntryCount: number;
    Entries: EntryResult[];
  } {
    const entries = validateRequest(input.Entries);
    const results: EntryResult[] = [];
    const accepted: EventEnvelope[] = [];
    for (const entry of entries) {
      const outcome = toEnvelope(entry, options.busName);
      if ('error' in outcome) {
        results.push(outcome.error);
      } else {
        results.push({ EventId: outcome.envelope.id });
        accepted.push(outcome.envelope);
      }
    }
    for (const event of accepted) route(event, false);
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  const server = createServer(async (req, res) => {
    try {
      if (req.method === 'GET' && req.url === '/_local/events') {
        return send(res, 200, { published, deadLetters: deliveries.deadLetters });
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      const text = await readBody(req);
      if (text === undefined) {
        return send(res, 413, { __type: 'ValidationException', message: 'Request is too large.' });
      }
      if (req.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
        return send(res, 400, {
          __type: 'UnknownOperationException',
          message: `Unsupported operation ${target}`,
        });
      }
      if (failures.count > 0) {
        failures.count--;
        if (failures.mode === 'request') {
          return send(res, 500, { __type: 'InternalException', message: 'Injected failure.' });
        }
        const { Entries = [] } = JSON.parse(text || '{}') as { Entries?: unknown[] };
        return send(res, 200, {
          FailedEntryCount: Entries.length,
          Entries: Entries.map(() => ({
            ErrorCode: 'InternalFailure',
            ErrorMessage: 'Injected failure.',
          })),
        });
      }
      send(res, 200, putEvents(JSON.parse(text || '{}')));
    } catch (err) {
      if (err instanceof ValidationException)
        return send(res, 400, { __type: 'ValidationException', message: err.message });
      if (err instanceof SyntaxError)
        return send(res, 400, { __type: 'SerializationException', message: 'Malformed JSON.' });
      log('event bus error', String(err));
      send(res, 500, { __type: 'InternalException', message: 'Internal error.' });
    }
  });
  keepIdleConnections(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    name: options.busName,
    published: () => [...published],
    deadLetters: () => [...deliveries.deadLetters],
    publishServiceEvent: (event) => route(event, true),
    idle: () => deliveries.idle(),
    setDeliverTwice(on) {
      deliverTwice = on;
    },
    failNextPutEvents(count, mode = 'request') {
      failures = { count, mode };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
