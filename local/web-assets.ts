/**
 * The dashboard on the local gateway, as CloudFront serves it when deployed: the static files
 * of web/dist, index.html for any /dashboard/* path (client-side routes), long-lived caching
 * for the hashed assets, gzip when the browser accepts it, and `/config.json` saying "local".
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

export const WEB_ROOT = resolve(import.meta.dirname, '..', 'web');
export const WEB_DIST = join(WEB_ROOT, 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** What the dashboard reads at start-up: locally it signs in through GET /_local/token. */
const LOCAL_CONFIG = JSON.stringify({ mode: 'local', apiUrl: '/api/analytics', user: 'demo' });

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // uPlot sizes its canvas with inline styles; the email preview is an inert sandboxed srcdoc.
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
    "frame-src 'self' about:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
};

interface Asset {
  mtimeMs: number;
  body: Buffer;
  gzipped: Buffer | undefined;
  type: string;
}

/** Whether a path is the dashboard's to answer (the API, admin and emulator paths are not). */
export const isWebPath = (path: string) =>
  !path.startsWith('/api/') && !path.startsWith('/_local/') && !path.startsWith('/_emulator');

/**
 * Answers GET/HEAD requests for the dashboard; false when the path is not the dashboard's or
 * the build is missing. Files are kept in memory with their gzip until they change on disk.
 */
export function createWebAssets(dist = WEB_DIST) {
  const cache = new Map<string, Asset>();
  const load = (file: string): Asset | undefined => {
    const stat = existsSync(file) ? statSync(file) : undefined;
    if (!stat?.isFile()) return undefined;
    // A rebuild (npm run build while npm start runs) replaces files: serve the new ones.
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === stat.mtimeMs) return hit;
    const body = readFileSync(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const compressible = /^(text\/|application\/json|image\/svg)/.test(type) && body.length > 512;
    const asset = {
      mtimeMs: stat.mtimeMs,
      body,
      gzipped: compressible ? gzipSync(body) : undefined,
      type,
    };
    cache.set(file, asset);
    return asset;
  };

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return false;
    }
    if (!isWebPath(path)) return false;

    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : LOCAL_CONFIG);
      return true;
    }
    const file = normalize(join(dist, path));
    if (!file.startsWith(dist + sep) && file !== dist) return false;
    let asset = path.endsWith('/') ? undefined : load(file);
    let immutable = asset !== undefined && path.startsWith('/assets/');
    if (!asset && (path === '/' || path === '/dashboard' || path.startsWith('/dashboard/'))) {
      // Client-side routes all start from the app's page.
      asset = load(join(dist, 'index.html'));
      immutable = false;
    }
    if (!asset) return false;

    const gzip = asset.gzipped && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip && asset.gzipped ? asset.gzipped : asset.body;
    res.writeHead(200, {
      'content-type': asset.type,
      'content-length': String(body.length),
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      ...(asset.type.startsWith('text/html') ? SECURITY_HEADERS : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}

/** Newest modification time of the dashboard's sources (everything in web/ but the build). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the dashboard when web/dist is missing or older than its sources, so `npm start` on a
 * fresh clone shows it. Vite is loaded only then: starting the API alone never pays for it.
 */
export async function ensureWebBuild(
  log: (message: string) => void = (m) => console.error(m),
): Promise<void> {
  const index = join(WEB_DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(WEB_ROOT)) return;
  log('[local] building the dashboard (web/ → web/dist)…');
  const { build } = await import('vite');
  await build({ root: WEB_ROOT, logLevel: 'warn' });
}
