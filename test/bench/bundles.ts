/**
 * Function bundles as deployed (infra/bundling.ts, everything bundled, minified ESM with an
 * external source map): sizes, and each bundle's module-load time as the median of fresh
 * processes importing it with `--enable-source-maps`, as Lambda runs it. Beside them a bare
 * Data API client bundled the same way, the floor every database function stands on.
 * `npm run bench -- bundles` prints them; `tsx test/bench/bundles.ts --check` only bundles the
 * HTTP functions and fails when one exceeds the limit (`.ci/run` runs it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import {
  eventRules,
  eventTargetEntry,
  handlerEntry,
  httpRoutes,
  scheduleEntry,
  schedules,
} from '../../functions/routes';
import { functionBundling } from '../../infra/bundling';

const ROOT = join(import.meta.dirname, '..', '..');
/** What an HTTP function may weigh: the target, and the limit CI enforces. */
export const HTTP_BUNDLE_TARGET_BYTES = 250 * 1024;
export const HTTP_BUNDLE_LIMIT_BYTES = 300 * 1024;
const LOADS = Number(process.env.BENCH_BUNDLE_LOADS ?? 10);
const REFERENCE = '(reference) rds-data client';

export interface FunctionBundle {
  readonly name: string;
  readonly kind: 'http' | 'event' | 'schedule' | 'reference';
  readonly file: string;
  readonly bytes: number;
}

/** Every function the CDK deploys from the route table, by name and entry module. */
export function deployedFunctions(): {
  name: string;
  kind: FunctionBundle['kind'];
  entry: string;
}[] {
  return [
    ...httpRoutes.map((r) => ({ name: r.name, kind: 'http' as const, entry: handlerEntry(r) })),
    // A rule whose target is a schedule's function has no bundle of its own.
    ...eventRules
      .filter((r) => !r.targetIsSchedule)
      .map((r) => ({ name: r.target, kind: 'event' as const, entry: eventTargetEntry(r) })),
    ...schedules.map((s) => ({ name: s.name, kind: 'schedule' as const, entry: scheduleEntry(s) })),
  ];
}

/** The smallest useful database function: one client, one statement. */
const REFERENCE_SOURCE = `
import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
const client = new RDSDataClient({});
export const handler = () =>
  client.send(new ExecuteStatementCommand({ resourceArn: 'a', secretArn: 'b', sql: 'SELECT 1' }));
`;

const bytesOf = (metafile: Metafile, file: string) => {
  const output = Object.entries(metafile.outputs).find(([path]) => join(ROOT, path) === file);
  if (!output) throw new Error(`esbuild wrote no ${file}`);
  return output[1].bytes;
};

/** Bundles the functions (and the reference) into `dir`, in one esbuild run. */
export async function bundleFunctions(
  dir: string,
  functions: ReturnType<typeof deployedFunctions>,
  withReference: boolean,
): Promise<FunctionBundle[]> {
  const referenceEntry = join(dir, 'reference.ts');
  if (withReference) writeFileSync(referenceEntry, REFERENCE_SOURCE);
  const entryPoints = [
    ...functions.map((f) => ({ in: join(ROOT, f.entry), out: f.name })),
    ...(withReference ? [{ in: referenceEntry, out: 'reference' }] : []),
  ];
  const { alias, banner, ...options } = functionBundling;
  const result = await build({
    ...options,
    mainFields: [...options.mainFields],
    banner: { js: banner },
    alias: { ...alias },
    entryPoints,
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    // The aliases' paths are relative to the repository root, as in the CDK's bundling; the
    // reference resolves its packages from there too.
    absWorkingDir: ROOT,
    nodePaths: [join(ROOT, 'node_modules')],
    bundle: true,
    platform: 'node',
    metafile: true,
    logLevel: 'error',
  });
  const bundles: FunctionBundle[] = functions.map((f) => {
    const file = join(dir, `${f.name}.mjs`);
    return { name: f.name, kind: f.kind, file, bytes: bytesOf(result.metafile, file) };
  });
  if (withReference) {
    const file = join(dir, 'reference.mjs');
    bundles.unshift({
      name: REFERENCE,
      kind: 'reference',
      file,
      bytes: bytesOf(result.metafile, file),
    });
  }
  return bundles;
}

/** What a function's environment holds on Lambda, so every module loads as it does there. */
const FUNCTION_ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  NODE_OPTIONS: '--enable-source-maps',
  POWERTOOLS_SERVICE_NAME: 'study-analytics',
  POWERTOOLS_METRICS_NAMESPACE: 'StudyAnalytics/bench',
  DATABASE_RESOURCE_ARN: 'arn:aws:rds:us-east-1:000000000000:cluster:bench',
  DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
  DATABASE_NAME: 'bench',
  AUTH_ISSUER: 'https://issuer.example.com',
  AUTH_AUDIENCE: 'bench',
  AUTH_COGNITO_CLIENT_ID: 'bench',
  EVENT_BUS_NAME: 'bench',
  DASHBOARD_URL: 'https://dashboard.example.com',
  PUBLIC_API_URL: 'https://api.example.com',
  REPORT_FROM_ADDRESS: 'reports@example.com',
  SES_CONFIGURATION_SET: 'bench',
  UNSUBSCRIBE_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:unsubscribe',
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};

/** Median of `LOADS` fresh processes, each timing the import of the bundle and its handler. */
function moduleLoadMs(bundle: FunctionBundle, dir: string): number {
  const probe = join(dir, `${bundle.name.replace(/\W+/g, '-')}-probe.mjs`);
  writeFileSync(
    probe,
    `const t=performance.now();const m=await import(${JSON.stringify(bundle.file)});` +
      `if(typeof m.handler!=='function')throw new Error('no handler');` +
      'console.log(performance.now()-t);',
  );
  const env = { PATH: process.env.PATH ?? '', ...FUNCTION_ENV };
  const samples = Array.from({ length: LOADS }, () =>
    Number(
      execFileSync(process.execPath, [probe], { env, stdio: ['ignore', 'pipe', 'pipe'] })
        .toString()
        .trim(),
    ),
  );
  return median(samples);
}

/** `npm run bench -- bundles`: a line per function with its size and load time. */
export async function measureBundles() {
  const dir = mkdtempSync(join(tmpdir(), 'study-analytics-bundles-'));
  try {
    const bundles = await bundleFunctions(dir, deployedFunctions(), true);
    console.log(
      `\nFunction bundles as deployed (minified ESM, everything bundled); module load: median of ${LOADS} fresh ${process.version} processes with --enable-source-maps`,
    );
    console.log(
      `function                        size KB   load ms   (HTTP target <= ${HTTP_BUNDLE_TARGET_BYTES / 1024} KB, CI limit ${HTTP_BUNDLE_LIMIT_BYTES / 1024} KB)`,
    );
    for (const bundle of bundles) {
      const ms = moduleLoadMs(bundle, dir);
      const over =
        bundle.kind === 'http' && bundle.bytes > HTTP_BUNDLE_TARGET_BYTES
          ? '   <-- over target'
          : '';
      console.log(
        `${bundle.name.padEnd(30)} ${(bundle.bytes / 1024).toFixed(1).padStart(8)} ${ms.toFixed(1).padStart(9)}${over}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `tsx test/bench/bundles.ts --check`: exits 1 when an HTTP bundle exceeds the limit. */
async function checkHttpBundles(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'study-analytics-bundles-'));
  try {
    const http = deployedFunctions().filter((f) => f.kind === 'http');
    const bundles = await bundleFunctions(dir, http, false);
    const over = bundles.filter((b) => b.bytes > HTTP_BUNDLE_LIMIT_BYTES);
    const largest = bundles.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    for (const b of over) {
      console.log(
        `${b.name}: ${(b.bytes / 1024).toFixed(1)} KB, over the ${HTTP_BUNDLE_LIMIT_BYTES / 1024} KB limit`,
      );
    }
    console.log(
      `${bundles.length} HTTP bundles, largest ${largest.name} ${(largest.bytes / 1024).toFixed(1)} KB (limit ${HTTP_BUNDLE_LIMIT_BYTES / 1024} KB)`,
    );
    return over.length === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  if (process.argv.includes('--check')) process.exitCode = (await checkHttpBundles()) ? 0 : 1;
  else await measureBundles();
}
