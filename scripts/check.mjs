#!/usr/bin/env node
// The static checks that keep the code base in order: formatting, import boundaries and lint.
// `npm run check` runs them all; `npm test` runs them first on a full run. Quickest first, and the
// first failure stops the run. The commands themselves are the package.json scripts named here.
// docs/development.md explains the rules and how to fix a failure.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const checks = [
  { script: 'format:check', fix: 'run `npm run format`, which rewrites the files in place' },
  {
    script: 'check:boundaries',
    fix: 'move code so that the import is allowed (rules and reasons: .dependency-cruiser.cjs, docs/development.md)',
  },
  { script: 'lint', fix: 'fix the code (`npm run lint -- --fix` fixes some rules automatically)' },
];

/** Runs the checks in order; returns 0, or the exit code of the first that fails. */
export function runChecks() {
  for (const { script, fix } of checks) {
    const started = performance.now();
    console.log(`== npm run ${script}`);
    const result = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (result.status !== 0) {
      console.error(`\nCheck failed: npm run ${script} (after ${seconds} s). To fix: ${fix}.`);
      return result.status || 1;
    }
    console.log(`   passed in ${seconds} s`);
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(runChecks());
}
