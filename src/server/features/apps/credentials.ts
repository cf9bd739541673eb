import { newId } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Actor, RequestContext } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import type { AppCertificateJson, AppCreatedJson } from '../../../shared/apps.js';
import { auditApp, demandApps, findApp, stepUp, type AppsDeps } from './access.js';
import { parseCertificate } from './certificates.js';
import { toAppJson, toCertificateJson } from './json.js';
import { hashClientSecret, newClientSecret } from './secrets.js';
import type { RegisteredApp } from './store.js';
import { SECRET_NAME_MAX, secretDaysOf } from './validation.js';

const DAY_MS = 86_400_000;

/** A description of a secret or certificate: may be empty, at most 120 characters. @throws AppError request.validation_failed */
function descriptionOf(value: string | undefined): string {
  const text = (value ?? '').trim();
  if (text.length > SECRET_NAME_MAX) {
    throw new AppError('request.validation_failed', { issues: [{ path: 'displayName', code: 'field.too_long', params: { maximum: SECRET_NAME_MAX } }] });
  }
  return text;
}

/**
 * An app's client secrets and certificates (issue 15). A secret's value is returned once, when it
 * is made, and stored only as a keyed hash (secrets.ts; checklist S4). Adding a credential is a
 * sensitive action (step-up): whoever holds it acts as the app.
 */
export function createAppCredentials(deps: AppsDeps) {
  const { repos, transact, clock } = deps;

  /**
   * Makes a secret inside the caller's transaction and audits it (never its value).
   * @throws AppError request.validation_failed (expiry outside 1–730 days, description too long)
   */
  async function writeSecret(
    tx: Repos,
    actor: Actor,
    app: RegisteredApp,
    input: { displayName?: string | undefined; expiresInDays?: number | undefined },
    ctx: RequestContext,
    now: Date,
  ): Promise<{ id: string; value: string }> {
    const days = secretDaysOf(input.expiresInDays);
    const value = newClientSecret();
    const id = newId();
    const expiresAt = new Date(now.getTime() + days * DAY_MS);
    await tx.apps.addSecret({
      id,
      appId: app.id,
      displayName: descriptionOf(input.displayName),
      hint: value.slice(0, 3),
      secretHash: hashClientSecret(deps.secret, value),
      createdAt: now,
      expiresAt,
    });
    await auditApp(tx, actor, app, { action: 'app.secret_added', details: { secretId: id, expiresDateTime: expiresAt.toISOString() } }, ctx, now);
    return { id, value };
  }

  return {
    writeSecret,

    /**
     * Adds a client secret; the answer holds its value, this once.
     * @throws AppError auth.forbidden, apps.not_found, request.validation_failed, auth.step_up_required
     */
    async addSecret(
      actor: Actor,
      idOrClientId: string,
      input: { displayName?: string | undefined; expiresInDays?: number | undefined },
      ctx: RequestContext,
    ): Promise<AppCreatedJson> {
      demandApps(actor);
      secretDaysOf(input.expiresInDays);
      descriptionOf(input.displayName);
      const app = await findApp(repos, idOrClientId);
      await stepUp(deps, actor);
      const now = clock.now();
      const { secret, json } = await transact(async (tx) => {
        const current = await findApp(tx, app.id);
        const made = await writeSecret(tx, actor, current, input, ctx, now);
        return { secret: made, json: toAppJson(current, await tx.apps.secretsOf(app.id), await tx.apps.certificatesOf(app.id), now) };
      });
      const tenantId = (await repos.organization.get())?.id ?? '';
      return { app: json, clientId: app.clientId, tenantId, clientSecret: secret.value, secretId: secret.id };
    },

    /** Deletes a client secret: tokens can no longer be asked for with it. @throws AppError auth.forbidden, apps.not_found, apps.secret_not_found */
    async removeSecret(actor: Actor, idOrClientId: string, secretId: string, ctx: RequestContext): Promise<void> {
      demandApps(actor);
      const now = clock.now();
      await transact(async (tx) => {
        const app = await findApp(tx, idOrClientId);
        if (!(await tx.apps.deleteSecret(app.id, secretId))) throw new AppError('apps.secret_not_found');
        await auditApp(tx, actor, app, { action: 'app.secret_removed', details: { secretId } }, ctx, now);
      });
    },

    /**
     * Adds a certificate (public key) for private_key_jwt client assertions.
     * @throws AppError auth.forbidden, apps.not_found, apps.certificate_invalid, apps.certificate_expired,
     *   apps.certificate_key_unsupported, apps.certificate_exists, request.validation_failed, auth.step_up_required
     */
    async addCertificate(
      actor: Actor,
      idOrClientId: string,
      input: { displayName?: string | undefined; certificate: string },
      ctx: RequestContext,
    ): Promise<AppCertificateJson> {
      demandApps(actor);
      const now = clock.now();
      const parsed = parseCertificate(input.certificate, now);
      const displayName = descriptionOf(input.displayName);
      const app = await findApp(repos, idOrClientId);
      await stepUp(deps, actor);
      return transact(async (tx) => {
        const current = await findApp(tx, app.id);
        if ((await tx.apps.certificatesOf(app.id)).some((c) => c.thumbprint === parsed.thumbprint)) throw new AppError('apps.certificate_exists');
        const certificate = {
          id: newId(),
          appId: app.id,
          displayName,
          thumbprint: parsed.thumbprint,
          publicJwk: parsed.publicJwk,
          createdAt: now,
          expiresAt: parsed.notAfter,
        };
        await tx.apps.addCertificate(certificate);
        await auditApp(
          tx,
          actor,
          current,
          { action: 'app.certificate_added', details: { certificateId: certificate.id, thumbprint: parsed.thumbprint } },
          ctx,
          now,
        );
        return toCertificateJson(certificate, now);
      });
    },

    /** @throws AppError auth.forbidden, apps.not_found, apps.certificate_not_found */
    async removeCertificate(actor: Actor, idOrClientId: string, certificateId: string, ctx: RequestContext): Promise<void> {
      demandApps(actor);
      const now = clock.now();
      await transact(async (tx) => {
        const app = await findApp(tx, idOrClientId);
        if (!(await tx.apps.deleteCertificate(app.id, certificateId))) throw new AppError('apps.certificate_not_found');
        await auditApp(tx, actor, app, { action: 'app.certificate_removed', details: { certificateId } }, ctx, now);
      });
    },
  };
}
