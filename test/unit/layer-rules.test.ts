/**
 * The layer rule of `biome.json` (docs/architecture.md, "Layers"): each import below is written
 * into a scratch tree linted with the repository's own configuration, and exactly the upward
 * ones must fail. `npm run check` runs the same rule over the real tree.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const biome = join(root, 'node_modules/.bin/biome');

// [file, import specifier, allowed]
const cases: [string, string, boolean][] = [
  ['functions/vocabulary.ts', './core/periods', false],
  ['functions/core/a.ts', '../vocabulary', true],
  ['functions/core/a.ts', './rounding', true],
  ['functions/core/a.ts', '../contracts/goals', false],
  ['functions/core/a.ts', '../data/facts', false],
  ['functions/core/a.ts', '../../local/stack', false],
  ['functions/contracts/a.ts', '../vocabulary', true],
  ['functions/contracts/a.ts', '../core/periods', false],
  ['functions/platform/a.ts', '../core/errors', true],
  ['functions/platform/a.ts', '../contracts/common', true],
  ['functions/platform/a.ts', '../routes', false],
  ['functions/platform/a.ts', '../data/outbox', false],
  ['functions/platform/a.ts', '../flows/outbox', false],
  ['functions/data/a.ts', '../platform/data-api', true],
  ['functions/data/a.ts', '../core/errors', true],
  ['functions/data/a.ts', '../views/report-view', false],
  ['functions/data/a.ts', '../flows/outbox', false],
  ['functions/views/a.ts', '../data/reports', true],
  ['functions/views/a.ts', '../flows/outbox', false],
  ['functions/views/a.ts', '../platform/logger', false],
  ['functions/flows/a.ts', '../views/report-view', true],
  ['functions/flows/a.ts', '../platform/mailer', true],
  ['functions/flows/a.ts', '../routes', false],
  ['functions/flows/a.ts', '../http/health', false],
  ['functions/routes.ts', './contracts/goals', true],
  ['functions/routes.ts', './platform/route-spec', true],
  ['functions/routes.ts', './data/goals', false],
  ['functions/http/a.ts', '../flows/outbox', true],
  ['functions/http/a.ts', '../routes', true],
  ['functions/http/a.ts', '../../local/stack', false],
  ['db/a.ts', '../local/stack', false],
  ['db/seed/a.ts', '../../local/data-api/server', false],
  ['local/a.ts', '../db/migrate', true],
];

let dir: string;
let config: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layer-rules-'));
  const parsed = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
  delete parsed.$schema;
  delete parsed.vcs;
  parsed.files = { includes: ['**'] };
  config = JSON.stringify(parsed);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The files the layer rule flags in a tree holding just `file`, importing `specifier`. */
function flaggedFiles(i: number, file: string, specifier: string): string[] {
  const tree = join(dir, String(i));
  mkdirSync(dirname(join(tree, file)), { recursive: true });
  writeFileSync(join(tree, 'biome.json'), config);
  writeFileSync(join(tree, file), `import { x } from '${specifier}';\n\nexport const y = x;\n`);
  let output: string;
  try {
    output = execFileSync(biome, ['lint', '--reporter=json', '.'], {
      cwd: tree,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    output = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(output) as {
    diagnostics: { category: string; location: { path: string } }[];
  };
  return report.diagnostics
    .filter((d) => d.category === 'lint/style/noRestrictedImports')
    .map((d) => d.location.path);
}

describe('layer rule', () => {
  it.each(cases.map((c, i) => [...c, i] as const))(
    '%s importing %s is allowed: %s',
    (file, specifier, allowed, i) => {
      expect(flaggedFiles(i, file, specifier)).toEqual(allowed ? [] : [file]);
    },
  );
});
