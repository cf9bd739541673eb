import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from './errors.js';
import { createLimiter } from './limiter.js';

/** A task that runs until `finish()` is called. */
function gate() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { task: () => done, finish };
}

const isBusy = (err: unknown) => err instanceof AppError && err.code === 'server.busy' && err.headers?.['retry-after'] === '1';

test('runs at most `concurrency` tasks, queues up to the limit and refuses the rest with server.busy (503, Retry-After)', async () => {
  const limiter = createLimiter(2, 1);
  const g = gate();
  const running = [limiter.run(g.task), limiter.run(g.task)];
  const queued = limiter.run(g.task);
  assert.equal(limiter.active, 2);
  assert.equal(limiter.waiting, 1);
  await assert.rejects(limiter.run(g.task), isBusy);
  g.finish();
  await Promise.all([...running, queued]);
  assert.equal(limiter.active, 0);
  assert.equal(limiter.waiting, 0);
});

test('admit() refuses exactly when run() would, before any other work is done', async () => {
  const limiter = createLimiter(1, 1);
  limiter.admit();
  const g = gate();
  const first = limiter.run(g.task);
  limiter.admit(); // a slot in the queue is still free
  const second = limiter.run(g.task);
  assert.throws(() => limiter.admit(), isBusy);
  g.finish();
  await Promise.all([first, second]);
  limiter.admit();
});

test('a waiting task whose signal aborts leaves the queue and never runs; the next one gets the slot', async () => {
  const limiter = createLimiter(1, 5);
  const g = gate();
  const first = limiter.run(g.task);
  const gone = new AbortController();
  let ran = false;
  const abandoned = limiter.run(async () => {
    ran = true;
  }, gone.signal);
  const kept = limiter.run(async () => 'kept');
  assert.equal(limiter.waiting, 2);
  gone.abort(new Error('client closed'));
  await assert.rejects(abandoned, /client closed/);
  assert.equal(limiter.waiting, 1, 'the abandoned task left the queue at once');
  g.finish();
  assert.equal(await kept, 'kept');
  await first;
  assert.equal(ran, false);
  assert.equal(limiter.active, 0);
  // An already aborted signal does not even queue.
  await assert.rejects(
    limiter.run(async () => 1, AbortSignal.abort(new Error('already gone'))),
    /already gone/,
  );
});

test('an abort after the task started changes nothing: it finishes and frees its slot', async () => {
  const limiter = createLimiter(1, 1);
  const g = gate();
  const c = new AbortController();
  const running = limiter.run(g.task, c.signal);
  c.abort(new Error('late'));
  g.finish();
  await running;
  assert.equal(limiter.active, 0);
});
