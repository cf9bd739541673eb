import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server as HttpsServer } from 'node:https';
import { connect, type TLSSocket } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { ConfigError, assertServable, loadConfig } from '../config/load.js';
import { serve } from '../main.js';
import { startHttpsServer, type HttpsTestServer } from '../testing/https-server.js';
import { createTestCa, type TestCa } from '../testing/test-ca.js';
import { certificateFingerprint, readTlsPair, reloadTls } from './tls.js';

/** Opens a TLS connection trusting `ca` and returns it with the fingerprint of the certificate the server showed. */
function tlsConnect(port: number, ca: string): Promise<{ socket: TLSSocket; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca }, () => resolve({ socket, fingerprint: socket.getPeerCertificate().fingerprint256 }));
    socket.once('error', reject);
  });
}

/** One HTTP/1.1 request on an open TLS connection (keep-alive), answered with the status line. */
function requestOn(socket: TLSSocket): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1').split('\r\n')[0]!));
    socket.once('error', reject);
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  });
}

const fingerprintOf = async (port: number, ca: string) => {
  const { socket, fingerprint } = await tlsConnect(port, ca);
  socket.destroy();
  return fingerprint;
};

describe('TLS configuration', () => {
  let dir: string;
  let ca: TestCa;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'latchkey-tls-config-'));
    ca = createTestCa(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('certificate and key come together or not at all', () => {
    assert.throws(() => loadConfig({ LATCHKEY_TLS_CERT_FILE: '/x.pem' }), /LATCHKEY_TLS_KEY_FILE: is required with LATCHKEY_TLS_CERT_FILE/);
    assert.throws(() => loadConfig({ LATCHKEY_TLS_KEY_FILE: '/x.key' }), /LATCHKEY_TLS_CERT_FILE: is required with LATCHKEY_TLS_KEY_FILE/);
  });

  test('an unreadable file stops start-up, naming the variable', () => {
    const { certFile } = ca.issue('readable');
    const config = loadConfig({ LATCHKEY_TLS_CERT_FILE: certFile, LATCHKEY_TLS_KEY_FILE: path.join(dir, 'missing.key') });
    assert.throws(
      () => assertServable(config, {}),
      (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith('LATCHKEY_TLS_KEY_FILE: cannot read') && p.includes('ENOENT')),
    );
  });

  test('a key that does not belong to the certificate is refused', () => {
    const a = ca.issue('a');
    const b = ca.issue('b');
    assert.throws(
      () => readTlsPair({ certFile: a.certFile, keyFile: b.keyFile }),
      (err: unknown) => err instanceof ConfigError && /LATCHKEY_TLS_CERT_FILE \/ LATCHKEY_TLS_KEY_FILE: not a usable/.test(err.message),
    );
    assert.equal(certificateFingerprint(readTlsPair(a).cert), certificateFingerprint(a.certPem));
  });
});

describe('https with the test harness', () => {
  let server: HttpsTestServer;
  before(async () => {
    server = await startHttpsServer();
  });
  after(() => server.close());

  test('serves over https with the per-run CA, and a client without it is refused', async () => {
    const res = await server.fetch('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
    await assert.rejects(fetch(`${server.url}/healthz`), (err: Error & { cause?: { code?: string } }) => /CERT|SELF_SIGNED|VERIFY/.test(err.cause?.code ?? ''));
  });

  test('cookies are __Host- and Secure and HSTS is sent once Latchkey terminates TLS, without a public URL', async () => {
    assert.equal(server.t.config.publicUrl, undefined);
    await server.t.createUser({ userPrincipalName: 'megan@contoso.example', password: 'Correct-Horse-42', displayName: 'Megan' });
    const res = await server.fetch('/api/v1/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.origin },
      body: JSON.stringify({ username: 'megan@contoso.example', password: 'Correct-Horse-42' }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const session = res.headers.getSetCookie().find((c) => c.includes('latchkey_session='));
    assert.match(session ?? '', /^__Host-latchkey_session=.*; Secure/i);
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=/);
  });

  test('reloadTls: a broken pair keeps the old certificate and logs why', async () => {
    const port = new URL(server.url).port;
    const before = await fingerprintOf(Number(port), server.caPem);
    const other = server.ca.issue('other');
    const lines: string[] = [];
    const log = { info: (_d: object, m: string) => lines.push(`info ${m}`), error: (d: object, m: string) => lines.push(`error ${m} ${JSON.stringify(d)}`) };
    const ok = reloadTls(server.t.app.server as HttpsServer, { certFile: other.certFile, keyFile: server.keyFile }, log);
    assert.equal(ok, false);
    assert.match(lines.join('\n'), /error TLS certificate not reloaded; still serving the previous one .*not a usable certificate and key/);
    assert.doesNotMatch(lines.join('\n'), /PRIVATE KEY/);
    assert.equal(await fingerprintOf(Number(port), server.caPem), before);
  });
});

describe('serve() over https reloads its certificate on SIGHUP', () => {
  let dir: string;
  let ca: TestCa;
  let close: () => Promise<void>;
  let port: number;
  let files: { certFile: string; keyFile: string };
  let firstFingerprint: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'latchkey-tls-serve-'));
    ca = createTestCa(dir);
    const first = ca.issue('first');
    firstFingerprint = certificateFingerprint(first.certPem);
    files = { certFile: path.join(dir, 'live.pem'), keyFile: path.join(dir, 'live.key') };
    copyFileSync(first.certFile, files.certFile);
    copyFileSync(first.keyFile, files.keyFile);
    const config = loadConfig(
      {},
      {
        host: '127.0.0.1',
        port: 0,
        dataDir: path.join(dir, 'data'),
        secret: 'test-secret-0123456789-0123456789-abcdef',
        logLevel: 'silent',
        jobsEnabled: false,
        webRoot: path.join(dir, 'no-web'),
        tlsCertFile: files.certFile,
        tlsKeyFile: files.keyFile,
      },
    );
    const out: string[] = [];
    close = await serve(config, (line) => out.push(line));
    const url = out.join('\n').match(/https:\/\/127\.0\.0\.1:(\d+)/);
    assert.ok(url, `serve printed no https URL: ${out.join('\n')}`);
    port = Number(url[1]);
  });
  after(async () => {
    await close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const sighup = async () => {
    process.kill(process.pid, 'SIGHUP');
    await new Promise((r) => setTimeout(r, 200));
  };

  test('new connections get the new certificate; an open connection carries on', async () => {
    const first = await fingerprintOf(port, ca.caPem);
    assert.equal(first, firstFingerprint);
    const open = await tlsConnect(port, ca.caPem);
    assert.equal(await requestOn(open.socket), 'HTTP/1.1 200 OK');
    const second = ca.issue('second');
    copyFileSync(second.certFile, files.certFile);
    copyFileSync(second.keyFile, files.keyFile);
    await sighup();
    assert.equal(await fingerprintOf(port, ca.caPem), certificateFingerprint(second.certPem));
    assert.notEqual(certificateFingerprint(second.certPem), first);
    // The connection opened before the reload was not dropped: it still answers.
    assert.equal(await requestOn(open.socket), 'HTTP/1.1 200 OK');
    open.socket.destroy();
  });

  test('a broken pair on SIGHUP keeps serving the previous certificate', async () => {
    const current = await fingerprintOf(port, ca.caPem);
    const third = ca.issue('third');
    copyFileSync(third.certFile, files.certFile); // the certificate changes, the key does not: a mismatched pair
    await sighup();
    assert.equal(await fingerprintOf(port, ca.caPem), current);
    writeFileSync(files.certFile, 'not a certificate');
    await sighup();
    assert.equal(await fingerprintOf(port, ca.caPem), current);
  });
});
