import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

/**
 * X-Ray subsegments for the AWS SDK calls a function makes (Data API, EventBridge, SES, Secrets
 * Manager), sent to Lambda's X-Ray daemon as the X-Ray SDK sends them, without that SDK: it and
 * its async-hook context weigh about 115 KB in every bundle and their load is paid at every cold
 * start, to time a handful of client calls. Lambda's active tracing records the function's own
 * segments (initialization, invocation, overhead); these hang under its invocation segment.
 * Off unless the invocation is sampled and a daemon is there, so locally and in tests it costs
 * nothing.
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html
 */

/** `_X_AMZN_TRACE_ID`: `Root=1-…;Parent=…;Sampled=1`, set by Lambda for each invocation. */
export interface TraceHeader {
  readonly root: string;
  readonly parent: string;
  readonly sampled: boolean;
}

export function parseTraceHeader(header: string | undefined): TraceHeader | undefined {
  if (!header) return undefined;
  const fields = new Map(
    header.split(';').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const root = fields.get('Root');
  const parent = fields.get('Parent');
  if (!root || !parent) return undefined;
  return { root, parent, sampled: fields.get('Sampled') === '1' };
}

/** `AWS_XRAY_DAEMON_ADDRESS`: `host:port`, or `udp:host:port tcp:host:port`. */
export function daemonAddressOf(
  value: string | undefined,
): { host: string; port: number } | undefined {
  if (!value) return undefined;
  const udp = value.split(/\s+/).find((part) => !part.startsWith('tcp:')) ?? '';
  const match = /^(?:udp:)?([^:\s]+):(\d+)$/.exec(udp);
  return match?.[1] && match[2] ? { host: match[1], port: Number(match[2]) } : undefined;
}

let socket: Socket | undefined;

function sendToDaemon(document: Record<string, unknown>, daemon: { host: string; port: number }) {
  if (!socket) {
    socket = createSocket('udp4');
    // Tracing must never fail a request or keep a process alive.
    socket.on('error', () => undefined);
    socket.unref();
  }
  socket.send(
    `{"format":"json","version":1}\n${JSON.stringify(document)}`,
    daemon.port,
    daemon.host,
  );
}

interface CallMetadata {
  readonly $metadata?: { httpStatusCode?: number; requestId?: string };
}

/** The subsegment of one SDK call, as the X-Ray SDK names and classifies it. */
export function subsegmentOf(
  trace: TraceHeader,
  call: { client: string; command: string; region: string | undefined },
  startedAt: number,
  endedAt: number,
  outcome: CallMetadata | undefined,
  failed: boolean,
): Record<string, unknown> {
  const status = outcome?.$metadata?.httpStatusCode;
  const serverSide = status === undefined || status >= 500;
  return {
    name: call.client.replace(/Client$/, ''),
    id: randomBytes(8).toString('hex'),
    trace_id: trace.root,
    parent_id: trace.parent,
    type: 'subsegment',
    namespace: 'aws',
    start_time: startedAt / 1000,
    end_time: endedAt / 1000,
    aws: {
      operation: call.command.replace(/Command$/, ''),
      region: call.region,
      request_id: outcome?.$metadata?.requestId,
    },
    ...(status === undefined ? {} : { http: { response: { status } } }),
    ...(failed ? (serverSide ? { fault: true } : { error: true }) : {}),
    ...(status === 429 ? { throttle: true } : {}),
  };
}

type Send = (args: unknown) => Promise<unknown>;
interface StackOf {
  add(
    middleware: (next: Send, context: { clientName?: string; commandName?: string }) => Send,
    options: { step: 'initialize'; name: string },
  ): void;
}

/** An AWS SDK v3 client whose calls appear as subsegments in the invocation's trace. */
export function traced<C extends { middlewareStack: object }>(client: C): C {
  (client.middlewareStack as StackOf).add(
    (next, context) => async (args) => {
      const trace = parseTraceHeader(process.env._X_AMZN_TRACE_ID);
      const daemon = daemonAddressOf(process.env.AWS_XRAY_DAEMON_ADDRESS);
      if (!trace?.sampled || !daemon) return next(args);
      const call = {
        client: context.clientName ?? 'AWS',
        command: context.commandName ?? 'Call',
        region: process.env.AWS_REGION,
      };
      const startedAt = Date.now();
      try {
        const output = (await next(args)) as { output?: CallMetadata };
        sendToDaemon(
          subsegmentOf(trace, call, startedAt, Date.now(), output.output, false),
          daemon,
        );
        return output;
      } catch (err) {
        sendToDaemon(
          subsegmentOf(trace, call, startedAt, Date.now(), err as CallMetadata, true),
          daemon,
        );
        throw err;
      }
    },
    // The initialize step wraps the retries, so a subsegment times the whole call as awaited.
    { step: 'initialize', name: 'xraySubsegment' },
  );
  return client;
}
