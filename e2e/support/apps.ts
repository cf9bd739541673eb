// Helpers for the App registrations browser tests (issue 15): the stored rows behind the pages, a
// throwaway certificate made with openssl, and the pages' landmarks.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { TestServer } from './server.js';

/** The app's row as stored, by display name. */
export async function storedApp(server: TestServer, displayName: string) {
  return server.testApp.db.db.selectFrom('oauth_app').selectAll().where('display_name', '=', displayName).executeTakeFirst();
}

/** The app's stored secrets (hashes and hints only). */
export async function storedSecrets(server: TestServer, appId: string) {
  return server.testApp.db.db.selectFrom('oauth_app_secret').selectAll().where('app_id', '=', appId).orderBy('created_at').execute();
}

/** A self-signed RSA certificate (PEM, its private key thrown away) and its SHA-1 thumbprint as Entra shows it. */
export function makeCertificate(commonName: string): { pem: string; privateKeyPem: string; thumbprint: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-app-cert-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '365', '-subj', `/CN=${commonName}`], {
      stdio: 'ignore',
    });
    const pem = readFileSync(cert, 'utf8');
    return { pem, privateKeyPem: readFileSync(key, 'utf8'), thumbprint: new X509Certificate(pem).fingerprint.replace(/:/g, '') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The main navigation (English or Dutch). */
export const mainNav = (page: Page): Locator => page.getByRole('navigation', { name: /^(Main navigation|Hoofdnavigatie)$/ });

/** The app page's section tabs. */
export const appTab = (page: Page, name: string | RegExp): Locator => page.getByRole('tablist').getByRole('tab', { name });
