/**
 * Local SES v2: aws-ses-v2-local (which keeps sent mail in memory and shows it at its own root
 * URL) behind a small proxy that refuses what SES refuses (local/ses-checks.ts), can act as an
 * account in the sandbox (verified recipients only, one message a second), and can fail calls
 * on demand, so tests can watch the sender retry.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocal from 'aws-ses-v2-local';
import { keepIdleConnections } from './keep-alive';
import { checkSendEmail, type SendEmailBody } from './ses-checks';

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

export interface LocalSes {
  /** The SES endpoint and, at its root, the inbox web page. */
  url: string;
  emails(): Promise<StoredEmail[]>;
  clear(): Promise<void>;
  /** The next `count` SendEmail calls fail with a throttling error. */
  failNextSends(count: number): void;
  /**
   * The sandbox of a new SES account: only verified recipients, at most one message a second
   * (https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html).
   */
  setSandbox(on: boolean): void;
  /** Verifies an address or a domain, as the SES console's identity verification does. */
  verify(identity: string): void;
  close(): Promise<void>;
}

// A CommonJS module with an `exports.default`: depending on the loader, the default import is
// the function or the module object holding it.
const startSesServer: typeof sesLocal =
  typeof sesLocal === 'function'
    ? sesLocal
    : (sesLocal as unknown as { default: typeof sesLocal }).default;

const listen = (server: Server, port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    keepIdleConnections(server);
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });

/** The sandbox's sending rate. */
const SANDBOX_INTERVAL_MS = 1_000;

const readAll = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export async function startLocalSes(
  options: {
    port?: number;
    host?: string;
    /** Verified identities (addresses or domains); the sender's must be among them. */
    verifiedIdentities?: readonly string[];
    /** The clock the sandbox's sending rate is measured by (tests pass their own). */
    now?: () => number;
  } = {},
): Promise<LocalSes> {
  const host = options.host ?? '127.0.0.1';
  const inner = keepIdleConnections(await startSesServer({ port: 0, host }));
  const innerPort = (inner.address() as AddressInfo).port;
  let failures = 0;
  let sandbox = false;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  const verified = new Set((options.verifiedIdentities ?? []).map((i) => i.toLowerCase()));

  const refuse = (res: ServerResponse, status: number, type: string, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
    res.end(JSON.stringify({ message }));
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body?: Buffer) => {
    const upstream = httpRequest(
      { host, port: innerPort, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    if (body) upstream.end(body);
    else req.pipe(upstream);
  };

  const proxy = createServer(async (req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v2/email/outbound-emails')) {
      forward(req, res);
      return;
    }
    const body = await readAll(req);
    if (failures > 0) {
      failures--;
      refuse(res, 429, 'TooManyRequestsException', 'Maximum sending rate exceeded.');
      return;
    }
    let parsed: SendEmailBody;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      refuse(res, 400, 'BadRequestException', 'Request body is not valid JSON');
      return;
    }
    const refusal = checkSendEmail(parsed, { verified, sandbox });
    if (refusal) {
      refuse(res, refusal.status, refusal.type, refusal.message);
      return;
    }
    if (sandbox) {
      const now = (options.now ?? Date.now)();
      if (now - lastSentAt < SANDBOX_INTERVAL_MS) {
        refuse(res, 429, 'TooManyRequestsException', 'Maximum sending rate exceeded.');
        return;
      }
      lastSentAt = now;
    }
    forward(req, res, body);
  });
  const port = await listen(proxy, options.port ?? 0, host);
  const url = `http://${host}:${port}`;

  return {
    url,
    async emails() {
      const res = await fetch(`http://${host}:${innerPort}/store`);
      return ((await res.json()) as { emails: StoredEmail[] }).emails;
    },
    async clear() {
      await fetch(`http://${host}:${innerPort}/clear-store`, { method: 'POST' });
    },
    failNextSends(count) {
      failures = count;
    },
    setSandbox(on) {
      sandbox = on;
      lastSentAt = Number.NEGATIVE_INFINITY;
    },
    verify(identity) {
      verified.add(identity.toLowerCase());
    },
    async close() {
      for (const server of [proxy, inner]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
