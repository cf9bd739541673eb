/*
 * The browser bundle pulls in no Node-only code: every module of the web app and of src/shared
 * (tests and the Vite config aside, which run in Node) imports only browser-safe modules.
 * - src/shared imports nothing but other src/shared modules (no npm package, no built-in).
 * - src/web imports src/web, src/shared and npm packages, never a Node built-in, src/server,
 *   src/cli or a server-only package.
 * A static walk of the import specifiers, so it needs no build and names the offending line.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.join(src, 'shared');
const web = path.join(src, 'web');

/** npm packages that only make sense on the server (or need Node), whatever imports them. */
const serverOnly = [
  '@node-rs/argon2',
  'argon2',
  'better-sqlite3',
  'pg',
  'kysely',
  'fastify',
  'fastify-type-provider-zod',
  'nodemailer',
  'pino',
  'prom-client',
  'commander',
  'cli-progress',
  'csv-parse',
  'csv-stringify',
  'otpauth',
  'qrcode',
  'mailparser',
  'smtp-server',
  'playwright-core',
  'tsx',
  'dependency-cruiser',
];
const serverOnlyScopes = ['@fastify/', '@node-rs/'];
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The module specifiers of a source file, with their line numbers. */
export function importSpecifiers(source: string): { specifier: string; line: number }[] {
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g, // import … from 'x', export … from 'x'
    /^\s*import\s*['"]([^'"]+)['"]/gm, // import 'x'
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, // import('x')
    /\bnew\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g, // workers and assets
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  const found = patterns.flatMap((re) => [...source.matchAll(re)].map((m) => ({ specifier: m[1]!, line: source.slice(0, m.index).split('\n').length })));
  return found.sort((a, b) => a.line - b.line);
}

/** Why a specifier may not appear in browser code, or null when it may. */
export function violation(file: string, specifier: string): string | null {
  const inShared = file.startsWith(shared + path.sep);
  if (specifier.startsWith('.')) {
    const target = path.resolve(path.dirname(file), specifier);
    if (inShared && !target.startsWith(shared + path.sep)) return 'src/shared imports only src/shared';
    if (!target.startsWith(shared + path.sep) && !target.startsWith(web + path.sep)) return `reaches ${path.relative(src, target)}`;
    return null;
  }
  if (specifier.startsWith('/')) return 'absolute import';
  if (builtins.has(specifier) || builtins.has(specifier.split('/')[0]!) || specifier.startsWith('node:')) return 'Node built-in';
  if (inShared) return 'src/shared imports no npm package';
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
  if (serverOnly.includes(name) || serverOnlyScopes.some((scope) => name.startsWith(scope))) return 'server-only package';
  return null;
}

/** Browser code: .ts/.tsx under the folder, without tests and config files that run in Node. */
function browserFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' || name === 'public' ? [] : browserFiles(full);
    if (!/\.tsx?$/.test(name) || /\.test\.tsx?$/.test(name) || /^vite\.config\./.test(name) || name.endsWith('.d.ts')) return [];
    return [full];
  });
}

/** A relative specifier resolved to its file, as Vite and TypeScript resolve it. */
function resolveFile(file: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(file), specifier);
  const stem = base.replace(/\.(js|jsx|mjs)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

test('the scanner finds every kind of import and flags what the browser cannot load', () => {
  const sample = [
    "import { a } from './a.js';",
    "import type { B } from '../shared/b.js';",
    "export { c } from 'node:fs';",
    "import 'side-effect';",
    'const m = await import("pg");',
    "new Worker(new URL('./w.ts', import.meta.url));",
    'import {\n  d,\n} from "kysely";',
  ].join('\n');
  assert.deepEqual(
    importSpecifiers(sample).map((s) => s.specifier),
    ['./a.js', '../shared/b.js', 'node:fs', 'side-effect', 'pg', './w.ts', 'kysely'],
  );
  const webFile = path.join(web, 'admin', 'Page.tsx');
  const sharedFile = path.join(shared, 'users.ts');
  assert.equal(violation(webFile, '../../shared/roles.js'), null);
  assert.equal(violation(webFile, '@fluentui/react-components'), null);
  assert.equal(violation(webFile, 'crypto'), 'Node built-in');
  assert.equal(violation(webFile, 'node:path'), 'Node built-in');
  assert.equal(violation(webFile, 'fs/promises'), 'Node built-in');
  assert.equal(violation(webFile, '../../server/core/identity.js'), 'reaches server/core/identity.js');
  assert.equal(violation(webFile, '../../cli/main.js'), 'reaches cli/main.js');
  assert.equal(violation(webFile, '@fastify/cookie'), 'server-only package');
  assert.equal(violation(webFile, 'better-sqlite3'), 'server-only package');
  assert.equal(violation(sharedFile, './roles.js'), null);
  assert.equal(violation(sharedFile, '../web/i18n/index.js'), 'src/shared imports only src/shared');
  assert.equal(violation(sharedFile, 'zod'), 'src/shared imports no npm package');
});

test('browser code (src/web, src/shared) imports no Node-only code', () => {
  const files = [...browserFiles(shared), ...browserFiles(web)];
  assert.ok(
    files.some((f) => f.endsWith(path.join('web', 'main.tsx'))),
    'the walk sees the web entry point',
  );
  const problems: string[] = [];
  for (const file of files) {
    for (const { specifier, line } of importSpecifiers(readFileSync(file, 'utf8'))) {
      const where = `${path.relative(src, file)}:${line} '${specifier}'`;
      const why = violation(file, specifier);
      if (why) problems.push(`${where}: ${why}`);
      else if (specifier.startsWith('.') && !resolveFile(file, specifier)) problems.push(`${where}: no such file`);
    }
  }
  assert.deepEqual(problems, []);
});

test('src/shared uses no Node globals', () => {
  const problems = browserFiles(shared).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((text, i) => ({ text, line: i + 1 }))
      .filter(({ text }) => /\b(process|Buffer|__dirname|__filename|global)\b\s*[.[(]/.test(text) || /\brequire\s*\(/.test(text))
      .map(({ line }) => `${path.relative(src, file)}:${line}`),
  );
  assert.deepEqual(problems, []);
});
