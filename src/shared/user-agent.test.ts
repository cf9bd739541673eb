import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeDevice, deviceLabel, parseUserAgent } from './user-agent.js';

const ua = {
  edgeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
  operaMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
  chromeAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  safariIpad: 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  chromeOs: 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  chromium: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/126.0.0.0 Safari/537.36',
  headless: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36',
  curl: 'curl/8.5.0',
  windowsPhone:
    'Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.15063',
};

test('browser and OS of common user agents', () => {
  assert.deepEqual(parseUserAgent(ua.edgeWindows), { browser: 'Edge', os: 'Windows' });
  assert.deepEqual(parseUserAgent(ua.operaMac), { browser: 'Opera', os: 'macOS' });
  assert.deepEqual(parseUserAgent(ua.firefoxLinux), { browser: 'Firefox', os: 'Linux' });
  assert.deepEqual(parseUserAgent(ua.chromeAndroid), { browser: 'Chrome', os: 'Android' }, 'Android before Linux');
  assert.deepEqual(parseUserAgent(ua.safariIphone), { browser: 'Safari', os: 'iOS' }, 'iOS before macOS ("like Mac OS X")');
  assert.deepEqual(parseUserAgent(ua.safariIpad), { browser: 'Safari', os: 'iOS' });
  assert.deepEqual(parseUserAgent(ua.safariMac), { browser: 'Safari', os: 'macOS' });
  assert.deepEqual(parseUserAgent(ua.chromeOs), { browser: 'Chrome', os: 'ChromeOS' });
  assert.deepEqual(parseUserAgent(ua.chromium), { browser: 'Chrome', os: 'Linux' });
  assert.deepEqual(parseUserAgent(ua.headless), { browser: 'Chrome', os: 'Linux' });
  assert.deepEqual(parseUserAgent(ua.curl), { browser: 'curl', os: null });
  assert.deepEqual(
    parseUserAgent(ua.windowsPhone),
    { browser: 'Chrome', os: 'Windows' },
    'Windows before Android; legacy EdgeHTML (Edge/, not Edg/) reads as Chrome',
  );
});

test('the mail joins with a comma, the web app passes its own separator', () => {
  assert.equal(describeDevice(ua.firefoxLinux), 'Firefox, Linux');
  assert.equal(describeDevice(ua.edgeWindows, ' · '), 'Edge · Windows');
  assert.equal(describeDevice('Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0', ' · '), 'Chrome · Linux');
});

test('only what is recognised: the browser or the OS alone, else null (never the raw header)', () => {
  assert.equal(describeDevice(ua.curl), 'curl');
  assert.equal(describeDevice('Mozilla/5.0 (Windows NT 10.0) SomeApp/1.0'), 'Windows');
  assert.equal(describeDevice('python-requests/2.32.3'), null);
  assert.equal(describeDevice(''), null);
  assert.equal(describeDevice(null), null);
  assert.equal(describeDevice(undefined), null);
});

test('the web shows an unrecognised agent by its start, and nothing without one', () => {
  assert.equal(deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36'), 'Chrome · Windows');
  assert.equal(deviceLabel('PayrollSync/4.2 (+https://example.org)'), 'PayrollSync/4.2 (+https://example.org)');
  assert.equal(deviceLabel('x'.repeat(100)), 'x'.repeat(60));
  assert.equal(deviceLabel(null), null);
});
