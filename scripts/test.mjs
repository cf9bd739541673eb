#!/usr/bin/env node
// Runs every test file with Node's test runner (through tsx). Builds the web app first when the
// browser suites will run. Usage: npm test [-- path-filter ...]
// A full run (no filter) first runs the static checks (scripts/check.mjs: format, boundaries,
// lint) and the type check, and stops at the first that fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { runChecks } from './check.mjs';

const roots = ['src', 'e2e', 'bench'];
const filters = process.argv.slice(2);

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(full).isDirectory()) return findTests(full);
    return /\.test\.ts$/.test(name) ? [full] : [];
  });
}

const files = roots
  .flatMap(findTests)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

// Static checks and type errors fail the run too (only on a full run, so a filtered run stays quick).
if (filters.length === 0) {
  const checks = runChecks();
  if (checks !== 0) process.exit(checks);
  for (const project of ['tsconfig.json', 'e2e/tsconfig.json', 'src/web/tsconfig.json', 'src/web/tsconfig.test.json']) {
    if (!existsSync(project)) continue;
    const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', project], { stdio: 'inherit' });
    if (tsc.status !== 0) {
      console.error(`type check failed: ${project}`);
      process.exit(tsc.status ?? 1);
    }
  }
}

const chromium = process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium';
const browserSuites = files.some((f) => f.startsWith(path.join('e2e', 'web')));
if (browserSuites && (existsSync(chromium) || process.env.CI === 'true')) {
  // LATCHKEY_TEST_WEB_ROOT (also read by the test servers) puts this run's build in its own folder.
  const outDir = process.env.LATCHKEY_TEST_WEB_ROOT ? ['--', '--outDir', path.resolve(process.env.LATCHKEY_TEST_WEB_ROOT)] : [];
  const build = spawnSync('npm', ['run', '--silent', 'build:web', ...outDir], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const concurrency = process.env.LATCHKEY_TEST_CONCURRENCY ?? '2';
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(result.status ?? 1);
