import { readFileSync } from 'node:fs';
import type { Server as HttpsServer } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { ConfigError } from '../config/load.js';
import { envName, type Config } from '../config/schema.js';

/** Where the certificate and key live (LATCHKEY_TLS_CERT_FILE, LATCHKEY_TLS_KEY_FILE). */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

/** What Fastify's `https` option and `server.setSecureContext` take. */
export interface TlsPair {
  cert: Buffer;
  key: Buffer;
}

interface TlsLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** The configured pair's files, or null when Latchkey serves plain http (behind a TLS-terminating proxy). */
export function tlsFiles(config: Pick<Config, 'tlsCertFile' | 'tlsKeyFile'>): TlsFiles | null {
  return config.tlsCertFile && config.tlsKeyFile ? { certFile: config.tlsCertFile, keyFile: config.tlsKeyFile } : null;
}

/**
 * Reads the pair and checks that it makes a usable TLS context (PEM, and the key belongs to the
 * certificate), so a bad pair fails at start-up or is refused on reload instead of failing handshakes.
 * @throws ConfigError naming LATCHKEY_TLS_CERT_FILE / LATCHKEY_TLS_KEY_FILE and why.
 */
export function readTlsPair(files: TlsFiles): TlsPair {
  const read = (key: 'tlsCertFile' | 'tlsKeyFile', file: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new ConfigError([`${envName(key)}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`]);
    }
  };
  const pair = { cert: read('tlsCertFile', files.certFile), key: read('tlsKeyFile', files.keyFile) };
  try {
    createSecureContext(pair);
    new X509Certificate(pair.cert);
  } catch (err) {
    // The message is OpenSSL's ("key values mismatch", "no start line"); never the key's content.
    throw new ConfigError([`${envName('tlsCertFile')} / ${envName('tlsKeyFile')}: not a usable certificate and key: ${(err as Error).message}`]);
  }
  return pair;
}

/** SHA-256 fingerprint of the pair's (first) certificate, as `openssl x509 -fingerprint -sha256` prints it. */
export function certificateFingerprint(cert: Buffer | string): string {
  return new X509Certificate(cert).fingerprint256;
}

/**
 * Re-reads the pair into a listening https server: new handshakes get the new certificate, open
 * connections carry on untouched (nothing is closed). A pair that cannot be read or does not match
 * keeps the old one serving, and the reason is logged.
 * @returns whether the new pair is now served.
 */
export function reloadTls(server: HttpsServer, files: TlsFiles, log: TlsLog): boolean {
  let pair: TlsPair;
  try {
    pair = readTlsPair(files);
  } catch (err) {
    const reason = err instanceof ConfigError ? err.problems.join('; ') : (err as Error).message;
    log.error({ reason }, 'TLS certificate not reloaded; still serving the previous one');
    return false;
  }
  server.setSecureContext(pair);
  const cert = new X509Certificate(pair.cert);
  log.info({ fingerprint256: cert.fingerprint256, validTo: cert.validTo, subject: cert.subject }, 'TLS certificate reloaded');
  return true;
}

/**
 * Reloads the pair whenever the process gets `signal` (SIGHUP: what `systemctl reload` and
 * certificate renewal hooks send). Returns the function that stops listening for it.
 */
export function reloadTlsOn(signal: NodeJS.Signals, server: HttpsServer, files: TlsFiles, log: TlsLog): () => void {
  const onSignal = () => {
    reloadTls(server, files, log);
  };
  process.on(signal, onSignal);
  return () => process.off(signal, onSignal);
}
