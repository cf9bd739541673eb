/* A throwaway CA and a server certificate for 127.0.0.1 / localhost, for the slapd harness's ldaps and StartTLS. */
import type { SlapdCerts } from './slapd-conf.js';
import { createTestCa } from './test-ca.js';

/** Writes ca.pem, server.pem and server.key into `dir` (a fresh CA each call, so another harness's CA is "unknown"). */
export function generateTestCerts(dir: string): SlapdCerts {
  const ca = createTestCa(dir);
  const { certFile, keyFile } = ca.issue('server');
  return { caFile: ca.caFile, certFile, keyFile };
}
