import { randomUUID } from 'node:crypto';
import { newId } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Actor, RequestContext } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import type { AppCreatedJson, AppJson, GraphAppPermission } from '../../../shared/apps.js';
import type { RoleId } from '../../../shared/roles.js';
import { auditApp, consentedByOf, demandApps, demandRoles, findApp, stepUp, type AppsDeps } from './access.js';
import { createAppCredentials } from './credentials.js';
import { toAppJson } from './json.js';
import type { AppChange, RegisteredApp } from './store.js';
import { displayNameOf, permissionsOf, redirectUrisOf, roleOf, samePermissions, secretDaysOf } from './validation.js';

/** A new app registration, as the API and the CLI give it. */
export interface AppInput {
  displayName: string;
  /** Graph application permission names, matched without case. */
  permissions?: readonly string[];
  /** A directory role by id or Entra display name. */
  directoryRole?: string | null;
  redirectUris?: readonly string[];
  publicClient?: boolean;
  /** Create a first client secret (default: yes for a confidential client, no for a public one). */
  createSecret?: boolean;
  secretDisplayName?: string;
  secretExpiresInDays?: number;
  /** Grant admin consent at once (the console's default; the admin centre grants it on the app's page). */
  grantConsent?: boolean;
}

export interface AppPatch {
  displayName?: string;
  permissions?: readonly string[];
  directoryRole?: string | null;
  redirectUris?: readonly string[];
  publicClient?: boolean;
  enabled?: boolean;
}

/** RoleManagement.ReadWrite.Directory lets an app assign roles: consenting to it is a role assignment in effect. */
const ROLE_GRANTING: GraphAppPermission = 'RoleManagement.ReadWrite.Directory';

/**
 * App registrations (issue 15): their fields, admin consent and directory role here; secrets and
 * certificates in credentials.ts. Authority is decided here (ARCHITECTURE: in the service), not only
 * by the routes' first gate, so the CLI and the API meet the same rules.
 */
export function createAppsService(deps: AppsDeps) {
  const { repos, transact, clock } = deps;
  const credentials = createAppCredentials(deps);
  const tenantId = async () => (await repos.organization.get())?.id ?? '';
  const render = async (app: RegisteredApp, via: Repos = repos): Promise<AppJson> =>
    toAppJson(app, await via.apps.secretsOf(app.id), await via.apps.certificatesOf(app.id), clock.now());

  /** @throws AppError apps.consent_not_permitted when the permissions include RoleManagement.ReadWrite.Directory and the actor may not assign roles */
  function demandConsentAuthority(actor: Actor, permissions: readonly GraphAppPermission[]): void {
    if (permissions.includes(ROLE_GRANTING)) {
      try {
        demandRoles(actor);
      } catch {
        throw new AppError('apps.consent_not_permitted');
      }
    }
  }

  /** Writes role changes of an app to the audit log: the old role removed, the new one assigned. */
  async function auditRoleChange(tx: Repos, actor: Actor, app: RegisteredApp, from: RoleId | null, to: RoleId | null, ctx: RequestContext, at: Date) {
    if (from === to) return;
    if (from) await auditApp(tx, actor, app, { action: 'app.role_removed', details: { role: from } }, ctx, at);
    if (to) await auditApp(tx, actor, app, { action: 'app.role_assigned', details: { role: to } }, ctx, at);
  }

  return {
    ...credentials,

    /** Every app registration, by display name. @throws AppError auth.forbidden */
    async list(actor: Actor): Promise<AppJson[]> {
      demandApps(actor);
      return Promise.all((await repos.apps.list()).map((app) => render(app)));
    },

    /** One app by object id or client id. @throws AppError auth.forbidden, apps.not_found */
    async get(actor: Actor, idOrClientId: string): Promise<AppJson> {
      demandApps(actor);
      return render(await findApp(repos, idOrClientId));
    },

    /** The organisation's id: the tenant id of every app (tokens' `tid`). */
    tenantId,

    /**
     * Registers an app; its first secret's value is in the answer, this once.
     * @throws AppError auth.forbidden, request.validation_failed, apps.invalid_permission, apps.invalid_role,
     *   apps.invalid_redirect_uri, roles.assignment_not_permitted, apps.consent_not_permitted, auth.step_up_required
     */
    async create(actor: Actor, input: AppInput, ctx: RequestContext): Promise<AppCreatedJson> {
      demandApps(actor);
      const displayName = displayNameOf(input.displayName);
      const permissions = permissionsOf(input.permissions ?? []);
      const directoryRole = roleOf(input.directoryRole);
      const redirectUris = redirectUrisOf(input.redirectUris ?? []);
      const publicClient = input.publicClient ?? false;
      const withSecret = input.createSecret ?? !publicClient;
      const consent = input.grantConsent ?? false;
      if (withSecret) secretDaysOf(input.secretExpiresInDays);
      if (directoryRole) demandRoles(actor);
      if (consent) demandConsentAuthority(actor, permissions);
      if (withSecret || directoryRole || consent) await stepUp(deps, actor);
      const now = clock.now();
      const app: RegisteredApp = {
        id: newId(),
        clientId: randomUUID(),
        displayName,
        permissions,
        directoryRole,
        redirectUris,
        publicClient,
        enabled: true,
        consentedAt: consent ? now : null,
        consentedBy: consent ? consentedByOf(actor) : null,
        createdAt: now,
        createdBy: actor.kind === 'user' ? actor.principal.user.id : null,
        updatedAt: now,
      };
      const created = await transact(async (tx) => {
        await tx.apps.create(app);
        await auditApp(
          tx,
          actor,
          app,
          { action: 'app.created', details: { clientId: app.clientId, permissions: permissions.join(' '), publicClient } },
          ctx,
          now,
        );
        await auditRoleChange(tx, actor, app, null, directoryRole, ctx, now);
        if (consent) await auditApp(tx, actor, app, { action: 'app.consent_granted', details: { permissions: permissions.join(' ') } }, ctx, now);
        const secret = withSecret
          ? await credentials.writeSecret(tx, actor, app, { displayName: input.secretDisplayName, expiresInDays: input.secretExpiresInDays }, ctx, now)
          : null;
        return { json: await render(app, tx), secret };
      });
      return {
        app: created.json,
        clientId: app.clientId,
        tenantId: await tenantId(),
        ...(created.secret ? { clientSecret: created.secret.value, secretId: created.secret.id } : {}),
      };
    },

    /**
     * Changes an app. Any change to its permission set clears admin consent: new permissions need
     * consent again, as in Entra (docs/apps.md). A role change is a role assignment (roles:manage, step-up).
     * @throws AppError auth.forbidden, apps.not_found, request.validation_failed, apps.invalid_permission,
     *   apps.invalid_role, apps.invalid_redirect_uri, roles.assignment_not_permitted, auth.step_up_required
     */
    async update(actor: Actor, idOrClientId: string, patch: AppPatch, ctx: RequestContext): Promise<AppJson> {
      demandApps(actor);
      const change: AppChange = {};
      if (patch.displayName !== undefined) change.displayName = displayNameOf(patch.displayName);
      if (patch.permissions !== undefined) change.permissions = permissionsOf(patch.permissions);
      if (patch.directoryRole !== undefined) change.directoryRole = roleOf(patch.directoryRole);
      if (patch.redirectUris !== undefined) change.redirectUris = redirectUrisOf(patch.redirectUris);
      if (patch.publicClient !== undefined) change.publicClient = patch.publicClient;
      if (patch.enabled !== undefined) change.enabled = patch.enabled;
      const before = await findApp(repos, idOrClientId);
      // An unchanged role is no change: it is not written, so nothing is assigned without the check below.
      if (change.directoryRole === before.directoryRole) delete change.directoryRole;
      const roleChanged = change.directoryRole !== undefined;
      if (roleChanged) {
        demandRoles(actor);
        await stepUp(deps, actor);
      }
      const now = clock.now();
      return transact(async (tx) => {
        const app = await findApp(tx, before.id);
        const permissionsChanged = change.permissions !== undefined && !samePermissions(change.permissions, app.permissions);
        if (permissionsChanged) Object.assign(change, { consentedAt: null, consentedBy: null });
        const fields = Object.keys(change).filter((key) => {
          const k = key as keyof AppChange;
          return k !== 'directoryRole' && k !== 'consentedAt' && k !== 'consentedBy' && JSON.stringify(change[k]) !== JSON.stringify(app[k]);
        });
        if (!fields.length && !roleChanged) return render(app, tx);
        await tx.apps.update(app.id, change, now);
        const after = { ...app, ...change };
        if (fields.length) await auditApp(tx, actor, after, { action: 'app.updated', details: { fields: fields.join(' ') } }, ctx, now);
        if (permissionsChanged && app.consentedAt)
          await auditApp(tx, actor, after, { action: 'app.consent_revoked', details: { reason: 'permissions_changed' } }, ctx, now);
        if (roleChanged) await auditRoleChange(tx, actor, after, app.directoryRole, change.directoryRole ?? null, ctx, now);
        return render(after, tx);
      });
    },

    /** Deletes an app with its secrets and certificates: its tokens stop working at once. @throws AppError auth.forbidden, apps.not_found */
    async delete(actor: Actor, idOrClientId: string, ctx: RequestContext): Promise<void> {
      demandApps(actor);
      const now = clock.now();
      await transact(async (tx) => {
        const app = await findApp(tx, idOrClientId);
        await tx.apps.delete(app.id);
        await auditApp(tx, actor, app, { action: 'app.deleted', details: { clientId: app.clientId, role: app.directoryRole } }, ctx, now);
      });
    },

    /**
     * Grants admin consent for the app's current permissions: until then it gets no application token.
     * @throws AppError auth.forbidden, apps.not_found, apps.consent_not_permitted, auth.step_up_required
     */
    async grantConsent(actor: Actor, idOrClientId: string, ctx: RequestContext): Promise<AppJson> {
      demandApps(actor);
      const before = await findApp(repos, idOrClientId);
      demandConsentAuthority(actor, before.permissions);
      await stepUp(deps, actor);
      const now = clock.now();
      return transact(async (tx) => {
        const change = { consentedAt: now, consentedBy: consentedByOf(actor) };
        await tx.apps.update(before.id, change, now);
        // Read after the write (which waits on a concurrent change's row lock): consent covers exactly what it was judged on.
        const app = await findApp(tx, before.id);
        if (!samePermissions(app.permissions, before.permissions)) throw new AppError('apps.conflict');
        await auditApp(tx, actor, app, { action: 'app.consent_granted', details: { permissions: app.permissions.join(' ') } }, ctx, now);
        return render(app, tx);
      });
    },

    /** Revokes admin consent: the app's application tokens stop working at once. @throws AppError auth.forbidden, apps.not_found */
    async revokeConsent(actor: Actor, idOrClientId: string, ctx: RequestContext): Promise<AppJson> {
      demandApps(actor);
      const now = clock.now();
      return transact(async (tx) => {
        const app = await findApp(tx, idOrClientId);
        if (!app.consentedAt) return render(app, tx);
        await tx.apps.update(app.id, { consentedAt: null, consentedBy: null }, now);
        await auditApp(tx, actor, app, { action: 'app.consent_revoked', details: { reason: 'revoked' } }, ctx, now);
        return render({ ...app, consentedAt: null, consentedBy: null }, tx);
      });
    },
  };
}

export type AppsService = ReturnType<typeof createAppsService>;
