// The sign-in budget's arithmetic over a bundle graph (the build runs it: vite.config.ts;
// e2e/web/first-load.test.ts measures the same in a browser).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { signInBudget, signInJs, type BudgetBundle, type BudgetChunk } from './vite.config.js';

const chunk = (fileName: string, code: string, imports: string[] = [], extra: Partial<BudgetChunk> = {}): BudgetChunk => ({
  type: 'chunk',
  fileName,
  name: fileName.replace(/^assets\/|-\w+\.js$/g, ''),
  isEntry: false,
  imports,
  code,
  ...extra,
});
const gz = (code: string) => gzipSync(code, { level: 9 }).length;
// Incompressible-ish, distinct code per chunk, so sizes differ visibly.
const code = (seed: string, n: number) => Array.from({ length: n }, (_, i) => `${seed}${(i * 7919) % 104729};`).join('');

const entry = chunk('assets/index-a1.js', code('e', 300), ['assets/react-b2.js'], { isEntry: true });
const react = chunk('assets/react-b2.js', code('r', 500), ['assets/runtime-c3.js']);
const runtime = chunk('assets/runtime-c3.js', code('t', 20));
const admin = chunk('assets/admin-d4.js', code('a', 2000), ['assets/react-b2.js']);
const en = chunk('assets/i18n-en-e5.js', code('en', 100));
const nl = chunk('assets/i18n-nl-f6.js', code('nl', 150));
const bundle: BudgetBundle = Object.fromEntries(
  [entry, react, runtime, admin, en, nl, { type: 'asset' as const, fileName: 'assets/index.css' }].map((c) => [c.fileName, c]),
);

test('the sign-in JavaScript is the entry, its static imports and the larger catalogue; lazy chunks do not count', () => {
  const js = signInJs(bundle);
  assert.deepEqual(js.files.map((f) => f.fileName).sort(), [entry, react, runtime, nl].map((c) => c.fileName).sort());
  assert.equal(js.gzip, gz(entry.code) + gz(react.code) + gz(runtime.code) + gz(nl.code));
  assert.ok(!js.files.some((f) => f.fileName === admin.fileName));
});

test('the build fails above the budget and passes within it', () => {
  const { gzip } = signInJs(bundle);
  const run = (budget: number) => {
    const messages: string[] = [];
    const context = {
      error: (m: string) => {
        throw new Error(m);
      },
      info: (m: string) => messages.push(m),
    };
    const hook = signInBudget(budget).generateBundle as unknown as (this: typeof context, o: unknown, b: BudgetBundle) => void;
    hook.call(context, {}, bundle);
    return messages.join('\n');
  };
  assert.match(run(gzip), /sign-in JavaScript: .* gzipped \(budget/);
  assert.throws(() => run(gzip - 1), /over budget/);
});
