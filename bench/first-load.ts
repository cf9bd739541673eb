import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchBrowser } from '../e2e/support/browser.js';
import { startTestServer } from '../e2e/support/server.js';
import { SIGN_IN_BUDGET_BYTES } from '../src/web/vite.config.js';
import { settings } from './lib/settings.js';
import { median, round } from './lib/stats.js';
import type { Result } from './lib/types.js';

/** The targets (issue 13 item 1): first contentful paint on a cold cache, and the sign-in JavaScript. */
const FCP_TARGET_MS = 1000;
const SIGN_IN_TARGET_BYTES = 150 * 1024;

/**
 * First load of /sign-in in Chromium, each load in a new context (a cold cache): first contentful
 * paint and the JavaScript it downloads, gzipped. The baseline, measured in the same run and the same
 * way, is a page of plain HTML with one heading from a bare node:http server: the paint Chromium
 * itself needs on this machine. Needs the built web app (builds it when dist/web is missing).
 */
export async function run(): Promise<Result[]> {
  if (!chromiumAvailable()) throw new Error('first-load needs Chromium (LATCHKEY_CHROMIUM or /usr/bin/chromium)');
  const webRoot = process.env.LATCHKEY_TEST_WEB_ROOT ?? 'dist/web';
  if (!existsSync(`${webRoot}/index.html`)) {
    const built = spawnSync('npm', ['run', '--silent', 'build:web'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build:web failed');
  }
  const { loads } = settings.firstLoad;
  const server = await startTestServer();
  const plain = createServer((_req, res) => res.setHeader('content-type', 'text/html').end('<!doctype html><title>x</title><h1>Sign in</h1>'));
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`;
  const browser = await launchBrowser();
  try {
    const app: number[] = [];
    const baseline: number[] = [];
    let scripts = 0;
    // Alternate the two, so both share whatever else the machine is doing.
    for (let i = 0; i < loads; i++) {
      baseline.push((await coldPaint(browser, plainUrl)).fcp);
      const load = await coldPaint(browser, `${server.url}/sign-in`);
      app.push(load.fcp);
      scripts = load.scriptsGzip;
    }
    const appMedian = median(app);
    const baseMedian = median(baseline);
    const note = `${loads} cold loads each; app ${app.map(Math.round).join(', ')} ms; plain HTML ${baseline.map(Math.round).join(', ')} ms`;
    return [
      { benchmark: 'first-load', metric: 'baseline: first paint of plain HTML (median)', value: round(baseMedian, 0), unit: 'ms', note },
      {
        benchmark: 'first-load',
        metric: '/sign-in first contentful paint, cold cache (median)',
        value: round(appMedian, 0),
        unit: 'ms',
        target: `< ${FCP_TARGET_MS}`,
        pass: appMedian < FCP_TARGET_MS,
      },
      { benchmark: 'first-load', metric: '/sign-in paint over the plain-HTML paint', value: round(appMedian / baseMedian, 2), unit: '×' },
      {
        benchmark: 'first-load',
        metric: '/sign-in JavaScript, gzipped',
        value: round(scripts / 1024, 1),
        unit: 'KB',
        target: `<= ${SIGN_IN_TARGET_BYTES / 1024}`,
        pass: scripts <= SIGN_IN_TARGET_BYTES,
        note: `the build fails above ${round(SIGN_IN_BUDGET_BYTES / 1024, 1)} KB (SIGN_IN_BUDGET_BYTES)`,
      },
    ];
  } finally {
    await browser.close();
    plain.close();
    await server.close();
  }
}

async function coldPaint(browser: Browser, url: string): Promise<{ fcp: number; scriptsGzip: number }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const bodies: Promise<Buffer>[] = [];
    page.on('response', (res) => {
      if (/\.m?js(\?|$)/.test(res.url())) bodies.push(res.body().catch(() => Buffer.alloc(0)));
    });
    await page.goto(url, { waitUntil: 'networkidle', timeout: 30_000 });
    // The paint entry can be recorded a moment after the network settles.
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, undefined, { timeout: 30_000 });
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]!.startTime);
    const scriptsGzip = (await Promise.all(bodies)).reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0);
    return { fcp, scriptsGzip };
  } finally {
    await context.close();
  }
}
