import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebAssets } from '../../local/web-assets';

describe('local dashboard assets', () => {
  let dist: string;
  let server: Server;
  let base: string;
  const script = `console.log(${JSON.stringify('x'.repeat(2000))});`;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), script);
    writeFileSync(join(tmpdir(), 'outside.txt'), 'secret');
    const web = createWebAssets(dist);
    server = createServer((req, res) => {
      if (!web(req, res)) {
        res.writeHead(404);
        res.end('not mine');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the app page at / and for every client-side route under /dashboard/', async () => {
    for (const path of ['/', '/dashboard/analytics', '/dashboard/sessions/42']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await res.text()).toContain('<title>app</title>');
    }
  });

  it('serves hashed assets for a year, gzipped when accepted', async () => {
    const res = await fetch(`${base}/assets/index-abc123.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    // fetch decodes gzip itself; the length header is the compressed size.
    expect(Number(res.headers.get('content-length'))).toBeLessThan(script.length);
    expect(await res.text()).toBe(script);
    const raw = await new Promise<Buffer>((resolve) => {
      import('node:http').then(({ get }) =>
        get(`${base}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => resolve(Buffer.concat(chunks)));
        }),
      );
    });
    expect(gunzipSync(raw).toString()).toBe(script);
  });

  it('answers config.json with local mode', async () => {
    const res = await fetch(`${base}/config.json`);
    expect(await res.json()).toEqual({ mode: 'local', apiUrl: '/api/analytics', user: 'demo' });
  });

  it('leaves the API, local admin paths, unknown files and other methods alone', async () => {
    for (const path of [
      '/api/analytics/health',
      '/_local/events',
      '/missing.js',
      '/assets/nope.js',
    ]) {
      const res = await fetch(`${base}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(404);
  });

  it('never serves a file outside the build', async () => {
    for (const path of [
      '/../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/..%2f..%2foutside.txt',
    ]) {
      const res = await fetch(`${base}${path}`);
      expect(await res.text()).not.toContain('secret');
    }
  });
});
