/* A throwaway certificate authority per test run (openssl), and server certificates it signs: for the slapd and Samba harnesses' ldaps, and Latchkey's own https. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface IssuedCert {
  certFile: string;
  keyFile: string;
  certPem: string;
  keyPem: string;
}

export interface TestCa {
  /** The CA certificate (PEM file); trust it with an agent's `ca`, or NODE_EXTRA_CA_CERTS for a child process. */
  caFile: string;
  caPem: string;
  /**
   * Issues a server certificate named `<name>.pem` / `<name>.key` in the CA's folder, for 127.0.0.1 and localhost
   * unless `hosts` says otherwise (IP addresses and DNS names).
   */
  issue(name: string, options?: { hosts?: string[]; days?: number; commonName?: string }): IssuedCert;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
}

const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** Makes a new CA (P-256, two days) in `dir`: a fresh one each call, so another harness's CA is "unknown" to it. */
export function createTestCa(dir: string, options: { name?: string } = {}): TestCa {
  const caKey = path.join(dir, 'ca.key');
  const caFile = path.join(dir, 'ca.pem');
  openssl(['req', '-x509', ...ecKey, '-keyout', caKey, '-out', caFile, '-days', '2', '-subj', `/CN=${options.name ?? 'Latchkey test CA'}`], dir);
  const caPem = readFileSync(caFile, 'utf8');
  return {
    caFile,
    caPem,
    issue(name, issueOptions = {}) {
      const hosts = issueOptions.hosts ?? ['127.0.0.1', 'localhost'];
      const san = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
      const keyFile = path.join(dir, `${name}.key`);
      const certFile = path.join(dir, `${name}.pem`);
      const csr = path.join(dir, `${name}.csr`);
      const ext = path.join(dir, `${name}.ext`);
      writeFileSync(ext, `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
      openssl(['req', ...ecKey, '-keyout', keyFile, '-out', csr, '-subj', `/CN=${issueOptions.commonName ?? hosts[0]}`], dir);
      const days = String(issueOptions.days ?? 2);
      openssl(['x509', '-req', '-in', csr, '-CA', caFile, '-CAkey', caKey, '-CAcreateserial', '-out', certFile, '-days', days, '-extfile', ext], dir);
      return { certFile, keyFile, certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') };
    },
  };
}
