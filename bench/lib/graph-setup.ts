import { performance } from 'node:perf_hooks';
import { SignJWT, generateKeyPair } from 'jose';
import { addSeconds } from '../../src/server/core/clock.js';
import { newId } from '../../src/server/core/crypto.js';
import { hashClientSecret, newClientSecret } from '../../src/server/features/apps/secrets.js';
import { MFA_SETTINGS_KEY, mfaOffForTests } from '../../src/server/features/mfa/settings.js';
import type { Runtime } from '../../src/server/runtime.js';

/* Set-up and the token baseline of bench/graph.ts. */

/** An app with User.Read.All, admin consent and a client secret, written as the apps service would. */
export async function registerApp(runtime: Runtime): Promise<{ clientId: string; clientSecret: string }> {
  const now = runtime.clock.now();
  const app = {
    id: newId(),
    clientId: newId(),
    displayName: 'Graph benchmark',
    permissions: ['User.Read.All' as const],
    directoryRole: null,
    redirectUris: [],
    publicClient: false,
    enabled: true,
    consentedAt: now,
    consentedBy: 'bench',
    createdAt: now,
    createdBy: null,
    updatedAt: now,
  };
  await runtime.repos.apps.create(app);
  const clientSecret = newClientSecret();
  await runtime.repos.apps.addSecret({
    id: newId(),
    appId: app.id,
    displayName: 'bench',
    hint: clientSecret.slice(0, 3),
    secretHash: hashClientSecret(runtime.secret, clientSecret),
    createdAt: now,
    expiresAt: addSeconds(now, 86_400),
  });
  return { clientId: app.clientId, clientSecret };
}

/** Raw RS256 signing of a token-sized payload with jose, one at a time, for the same time: the ceiling of token issuance. */
export async function rawSigningPerSecond(durationMs: number, maxSigns: number): Promise<number> {
  const { privateKey } = await generateKeyPair('RS256');
  const payload = { aud: 'https://graph.microsoft.com', tid: newId(), roles: ['User.Read.All'], appid: newId(), idtyp: 'app' };
  const end = performance.now() + durationMs;
  let n = 0;
  while (performance.now() < end && n < maxSigns) {
    await new SignJWT({ ...payload, jti: newId() })
      .setProtectedHeader({ alg: 'RS256', kid: 'k', typ: 'JWT' })
      .setIssuer('https://127.0.0.1/x/v2.0')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    n++;
  }
  return n / (durationMs / 1000);
}

/** The baseline's admin signs in with a password alone: the documented opt-out of default-on admin MFA that tests use (docs/mfa.md). */
export async function adminMfaOff(runtime: Runtime): Promise<void> {
  await runtime.repos.settings.put(MFA_SETTINGS_KEY, mfaOffForTests, null, runtime.clock.now());
}
