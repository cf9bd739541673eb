import { iso } from '../../core/clock.js';
import type { AppCertificateJson, AppJson, AppSecretJson } from '../../../shared/apps.js';
import type { AppCertificate, AppSecret, RegisteredApp } from './store.js';

/* App registrations as the API answers them (shared/apps.ts): never a secret's value or hash. */

export function toSecretJson(secret: AppSecret, now: Date): AppSecretJson {
  return {
    id: secret.id,
    displayName: secret.displayName,
    hint: secret.hint,
    createdDateTime: iso(secret.createdAt),
    endDateTime: iso(secret.expiresAt),
    expired: secret.expiresAt.getTime() <= now.getTime(),
  };
}

export function toCertificateJson(certificate: AppCertificate, now: Date): AppCertificateJson {
  return {
    id: certificate.id,
    displayName: certificate.displayName,
    thumbprint: certificate.thumbprint,
    createdDateTime: iso(certificate.createdAt),
    endDateTime: iso(certificate.expiresAt),
    expired: certificate.expiresAt.getTime() <= now.getTime(),
  };
}

export function toAppJson(app: RegisteredApp, secrets: readonly AppSecret[], certificates: readonly AppCertificate[], now: Date): AppJson {
  return {
    id: app.id,
    clientId: app.clientId,
    displayName: app.displayName,
    permissions: [...app.permissions],
    directoryRole: app.directoryRole,
    redirectUris: [...app.redirectUris],
    publicClient: app.publicClient,
    enabled: app.enabled,
    consentedDateTime: app.consentedAt ? iso(app.consentedAt) : null,
    consentedBy: app.consentedBy,
    createdDateTime: iso(app.createdAt),
    secrets: secrets.map((s) => toSecretJson(s, now)),
    certificates: certificates.map((c) => toCertificateJson(c, now)),
  };
}
