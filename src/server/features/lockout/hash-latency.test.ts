import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { createHashLatency } from './hash-latency.js';

// Checklist R1, R2 (issue 14): the bind path's floor follows the hash's time, also when load slows the hash down.
test('the floor follows the timed hash verifications, rises under load, and padFrom waits it out', async () => {
  const latency = createHashLatency();
  assert.equal(latency.floorMs, null, 'no floor before the first timing');
  const before = performance.now();
  await latency.padFrom(before);
  assert.ok(performance.now() - before < 15, 'no floor: no wait');
  for (let i = 0; i < 5; i++) await latency.timed(() => sleep(20));
  const quiet = latency.floorMs!;
  assert.ok(quiet >= 18 && quiet < 60, `floor ${quiet}`);
  for (let i = 0; i < 15; i++) await latency.timed(() => sleep(80));
  const busy = latency.floorMs!;
  assert.ok(busy > 65, `under load the floor rises: ${busy}`);
  const started = performance.now();
  await latency.padFrom(started);
  assert.ok(performance.now() - started >= busy - 3, 'padFrom waits the floor out');
  const late = performance.now() - busy - 10;
  const t0 = performance.now();
  await latency.padFrom(late);
  assert.ok(performance.now() - t0 < 15, 'nothing to wait when the floor has passed');
  await assert.rejects(
    latency.timed(async () => {
      await sleep(5);
      throw new Error('hash failed');
    }),
    /hash failed/,
  );
});
