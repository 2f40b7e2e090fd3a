/**
 * Local SES v2: aws-ses-v2-local (which keeps sent mail in memory and shows it at its own root
 * URL) behind a small proxy that can fail calls on demand, so tests can watch the sender retry.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocal from 'aws-ses-v2-local';
import { keepIdleConnections } from './keep-alive';

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

export async function startLocalSes(
  options: { port?: number; host?: string } = {},
): Promise<LocalSes> {
  const host = options.host ?? '127.0.0.1';
  const inner = keepIdleConnections(await startSesServer({ port: 0, host }));
  const innerPort = (inner.address() as AddressInfo).port;
  let failures = 0;

  const proxy = createServer((req, res) => {
    if (failures > 0 && req.method === 'POST' && req.url?.startsWith('/v2/email/outbound-emails')) {
      failures--;
      req.resume();
      res.writeHead(429, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'TooManyRequestsException',
      });
      res.end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }));
      return;
    }
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
    req.pipe(upstream);
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
    async close() {
      for (const server of [proxy, inner]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
