/**
 * `latchkey serve` start-up rules, with the real CLI in child processes:
 * - issue 12 finding 10 (checklist AU3, N5): a configuration that looks like production (https
 *   public URL, or NODE_ENV=production) without SMTP is refused, unless LATCHKEY_DEV_MAILBOX=true;
 *   the README's quick start (http://127.0.0.1, no SMTP) still starts;
 * - issue 12 finding 12: metrics, when enabled, are served on a loopback listener of their own.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { freshDir, serverUrl, startCli, type CliChild } from '../testing.js';

const HTTPS = 'https://passwords.contoso.example';

/** Runs `serve` until it exits, prints `until`, or `ms` pass (then it is stopped: an old build would just keep serving). */
async function serveFor(env: Record<string, string>, ms: number, until?: RegExp) {
  const dir = freshDir();
  const child = startCli(['serve', '--port', '0'], dir, { env });
  let stdout = '';
  let stderr = '';
  let running = false;
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
    if (until?.test(stdout) && !running) {
      running = true;
      child.kill('SIGTERM');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const timer = setTimeout(() => {
    running = true;
    child.kill('SIGTERM');
  }, ms);
  const exit = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const code = running ? 'running' : exit;
  return { code, stdout, stderr, dir };
}

async function stop(child: CliChild) {
  const closed = new Promise((resolve) => child.on('close', resolve));
  child.kill('SIGTERM');
  await closed;
}

describe('serve refuses the dev mailbox where the configuration looks like production (issue 12 finding 10)', () => {
  for (const [why, env] of [
    ['an https public URL', { LATCHKEY_PUBLIC_URL: HTTPS }],
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
  ] as const) {
    test(`${why} without SMTP: exit 2, naming the settings, before any database is made`, async () => {
      const run = await serveFor(env, 20_000);
      assert.equal(run.code, 2, `exit code (stdout: ${run.stdout})`);
      assert.match(run.stderr, /LATCHKEY_SMTP_URL: required because the configuration looks like production/);
      assert.match(run.stderr, /LATCHKEY_DEV_MAILBOX=true/);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      assert.ok(!existsSync(path.join(run.dir, 'latchkey.db')), 'nothing was created');
    });
  }

  test('with LATCHKEY_DEV_MAILBOX=true it starts', async () => {
    const run = await serveFor({ LATCHKEY_PUBLIC_URL: HTTPS, LATCHKEY_DEV_MAILBOX: 'true' }, 30_000, /and sign in/);
    assert.equal(run.code, 'running', run.stderr);
    assert.match(run.stdout, new RegExp(`Open ${HTTPS.replace(/\./g, '\\.')} and sign in`), run.stderr);
  });
});

describe('the quick start still works, and metrics go to a loopback listener (issue 12 findings 10, 12)', () => {
  test('http://127.0.0.1 without SMTP starts; /metrics is on its own port, not the application\u2019s', async () => {
    const child = startCli(['serve', '--port', '0'], freshDir(), { env: { LATCHKEY_METRICS_ENABLED: 'true', LATCHKEY_METRICS_PORT: '0' } });
    try {
      const { url, stdout } = await serverUrl(child, 30_000);
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      let all = stdout;
      child.stdout.on('data', (c: string) => (all += c));
      for (let i = 0; i < 100 && !/metrics are served at/.test(all); i++) await new Promise((r) => setTimeout(r, 50));
      const metricsUrl = /served at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(all)?.[1];
      assert.ok(metricsUrl, all);
      const metrics = await fetch(metricsUrl);
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /latchkey_http_request_duration_seconds/);
      const main = await fetch(`${url}/metrics`);
      assert.doesNotMatch(await main.text(), /latchkey_http_request_duration_seconds/, 'not on the application\u2019s port');
    } finally {
      await stop(child);
    }
  });
});
