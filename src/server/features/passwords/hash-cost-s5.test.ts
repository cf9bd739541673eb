// Checklist S5 (Password Storage CS: hashing should take "less than one second"): the cost of a
// verification at the configured parameters stays well inside DoS headroom (p95 ≤ 1,000 ms), and
// cannot be configured trivially cheap: the parameters never go below the OWASP argon2id floor
// (m = 19456 KiB, t = 2, p = 1), in the configuration or in the hasher. The checklist's proposed
// p50 ≥ 50 ms is not Latchkey's bound: see docs/security.md, S5 (chosen).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../config/load.js';
import { ARGON2_FLOOR, createArgon2Hasher, parsePhc } from './hasher.js';

const base = { dataDir: '.tmp/test-data', secret: 'test-secret-0123456789-0123456789-abcdef' };

test('at the default parameters a verification takes p95 ≤ 1,000 ms (40 sequential verifications)', async () => {
  const config = loadConfig({}, base);
  const hasher = await createArgon2Hasher({
    params: { memoryKib: config.argon2MemoryKib, iterations: config.argon2Iterations, parallelism: config.argon2Parallelism },
  });
  const stored = await hasher.hash('Zebra-Quilt-Harbor-71!');
  const times: number[] = [];
  for (let i = 0; i < 40; i++) {
    const started = performance.now();
    assert.equal((await hasher.verify(stored, i % 2 ? 'Zebra-Quilt-Harbor-71!' : 'wrong password')).ok, i % 2 === 1);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const p50 = times[19]!;
  const p95 = times[37]!;
  assert.ok(p95 <= 1000, `p95 ${p95.toFixed(1)} ms`);
  // Not trivial: an argon2id verification at the floor costs whole milliseconds, not microseconds.
  assert.ok(p50 >= 2, `p50 ${p50.toFixed(1)} ms`);
});

test('the parameters cannot be set below the OWASP floor: the configuration refuses, the hasher raises', async () => {
  for (const [key, value] of [
    ['argon2MemoryKib', ARGON2_FLOOR.memoryKib - 1],
    ['argon2Iterations', ARGON2_FLOOR.iterations - 1],
    ['argon2Parallelism', 0],
  ] as const)
    assert.throws(() => loadConfig({}, { ...base, [key]: value }), new RegExp(key.replace('argon2', '').slice(0, 4), 'i'), key);
  const weak = await createArgon2Hasher({ params: { memoryKib: 1024, iterations: 1, parallelism: 1 } });
  const phc = parsePhc(await weak.hash('x'))!;
  assert.deepEqual([phc.algorithm, phc.memoryKib >= ARGON2_FLOOR.memoryKib, phc.iterations >= ARGON2_FLOOR.iterations], ['argon2id', true, true]);
});
