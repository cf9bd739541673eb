// The built web app as the server sends it (issue 13 item 1): precompressed copies by
// Accept-Encoding, Vary, immutable hashed assets, no-store pages (checklist T3), the SPA fallback,
// and no way out of the web root.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { IMMUTABLE } from './static-web.js';

const SCRIPT = `export const app = ${JSON.stringify('sign in '.repeat(400))};\n`;
const INDEX = `<!doctype html><html><head><title>Latchkey</title><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div>${'<!-- padding -->'.repeat(80)}</body></html>`;
const SECRET = 'outside the web root';

describe('static web app', () => {
  let t: TestApp;
  before(async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'latchkey-static-'));
    writeFileSync(path.join(parent, 'secret.txt'), SECRET);
    const webRoot = path.join(parent, 'web');
    mkdirSync(path.join(webRoot, 'assets'), { recursive: true });
    // As the build leaves them (precompress in src/web/vite.config.ts): the file, and its .br and .gz copies beside it.
    for (const [file, body] of [
      ['index.html', INDEX],
      ['assets/index-abc123.js', SCRIPT],
    ] as const) {
      writeFileSync(path.join(webRoot, file), body);
      writeFileSync(path.join(webRoot, `${file}.br`), brotliCompressSync(body));
      writeFileSync(path.join(webRoot, `${file}.gz`), gzipSync(body));
    }
    // Too small to be worth compressing: no copies.
    writeFileSync(path.join(webRoot, 'assets', 'tiny-def456.js'), 'export {};\n');
    t = await createTestApp({ config: { webRoot } });
  });
  after(() => t.close());

  const get = (url: string, acceptEncoding?: string, method: 'GET' | 'HEAD' = 'GET') =>
    t.app.inject({ method, url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

  test('a hashed asset: br when accepted (preferred), else gzip, else the file; always Vary and immutable', async () => {
    const br = await get('/assets/index-abc123.js', 'gzip, deflate, br, zstd');
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), SCRIPT);
    assert.ok(br.rawPayload.length < SCRIPT.length / 5, 'the compressed copy is what is sent');
    assert.match(String(br.headers['content-type']), /^(text|application)\/javascript/);

    const gz = await get('/assets/index-abc123.js', 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.rawPayload).toString(), SCRIPT);

    const plain = await get('/assets/index-abc123.js');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, SCRIPT);

    const refused = await get('/assets/index-abc123.js', 'br;q=0, gzip;q=0, identity');
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.equal(refused.body, SCRIPT);

    for (const res of [br, gz, plain, refused]) {
      assert.equal(res.headers['cache-control'], IMMUTABLE);
      assert.match(String(res.headers.vary), /accept-encoding/i);
      // The security headers still go along (checklist T5).
      assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    }
  });

  test('HEAD answers as GET would, without a body', async () => {
    const res = await get('/assets/index-abc123.js', 'br', 'HEAD');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-encoding'], 'br');
    assert.equal(res.body, '');
  });

  test('a file without compressed copies is sent as it is, whatever the browser accepts', async () => {
    const res = await get('/assets/tiny-def456.js', 'br, gzip');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-encoding'], undefined);
    assert.equal(res.body, 'export {};\n');
    assert.equal(res.headers['cache-control'], IMMUTABLE);
  });

  test('index.html and deep links: the app page, compressed, never stored (checklist T3)', async () => {
    for (const url of ['/index.html', '/', '/sign-in', '/admin/users', '/account/security-info?x=1']) {
      const res = await get(url, 'gzip, deflate, br');
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['content-encoding'], 'br', url);
      assert.equal(brotliDecompressSync(res.rawPayload).toString(), INDEX, url);
      assert.equal(res.headers['cache-control'], 'no-store', url);
      assert.match(String(res.headers.vary), /accept-encoding/i, url);
      assert.match(String(res.headers['content-type']), /^text\/html/, url);
    }
    const plain = await get('/admin/users');
    assert.equal(plain.body, INDEX);
  });

  test('the compressed copies are not addresses of their own, and unknown assets are a 404 problem', async () => {
    for (const url of ['/assets/index-abc123.js.br', '/assets/index-abc123.js.gz', '/assets/nope-000000.js']) {
      const res = await get(url, 'br');
      assert.equal(res.statusCode, 404, url);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/, url);
      assert.equal(res.json().code, 'request.not_found', url);
    }
  });

  test('no path reaches outside the web root', async () => {
    const paths = [
      '/assets/../../secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/index.html/../../secret.txt',
    ];
    for (const url of paths) {
      for (const encoding of [undefined, 'br', 'gzip']) {
        const res = await get(url, encoding);
        const body =
          res.headers['content-encoding'] === 'br'
            ? brotliDecompressSync(res.rawPayload)
            : res.headers['content-encoding'] === 'gzip'
              ? gunzipSync(res.rawPayload)
              : res.rawPayload;
        assert.ok(!body.toString().includes(SECRET), `${url} (${encoding}) leaked a file outside the web root`);
        // Either refused, or (a path the client library folds to one inside) the app page.
        if (res.statusCode === 200) assert.equal(body.toString(), INDEX, url);
        else assert.ok(res.statusCode === 404 || res.statusCode === 400, `${url}: ${res.statusCode}`);
      }
    }
  });
});
