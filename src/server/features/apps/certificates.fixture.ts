/* Test certificates made with openssl (test code only): self-signed, of each key kind the apps service judges. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCertificate {
  /** The certificate in PEM. */
  pem: string;
  /** Its private key in PEM (what an operator might paste by mistake). */
  keyPem: string;
  /** `openssl x509 -fingerprint -sha1`, colons removed. */
  thumbprint: string;
}

function openssl(args: string[], cwd: string): string {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** A self-signed certificate valid for `days` from the real now, with the given key (`rsa:2048`, `rsa:1024`, `ec:P-256`, `ed25519`). */
export function makeCertificate(key: 'rsa:2048' | 'rsa:1024' | 'ec:P-256' | 'ed25519', days = 30): TestCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-app-cert-'));
  try {
    const keyArgs =
      key === 'ec:P-256' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : key === 'ed25519' ? ['-newkey', 'ed25519'] : ['-newkey', key];
    openssl(['req', '-x509', ...keyArgs, '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', String(days), '-subj', '/CN=latchkey-test-app'], dir);
    const fingerprint = openssl(['x509', '-in', 'cert.pem', '-noout', '-fingerprint', '-sha1'], dir);
    return {
      pem: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
      keyPem: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      thumbprint: fingerprint.split('=')[1]!.trim().replace(/:/g, '').toUpperCase(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
