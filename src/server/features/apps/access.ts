import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Actor, Principal, RequestContext } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import type { AuditAction } from '../../../shared/audit.js';
import { actorFields, can } from '../roles/authority.js';
import type { RegisteredApp } from './store.js';

/* Who may change app registrations, and how each change is written to the audit log (issue 15). */

/** What the apps service is given (services.ts wires it). */
export interface AppsDeps {
  repos: Repos;
  transact: <T>(work: (tx: Repos) => Promise<T>) => Promise<T>;
  clock: Clock;
  /** The server secret: client secrets are stored as its keyed hashes (secrets.ts). */
  secret: string;
  /** Fresh proof before a sensitive action (issue 17 step-up); the console's actor is not asked. */
  stepUp: { demand: (principal: Principal) => Promise<void> };
}

/**
 * Every app action needs `apps:manage` (Global Administrator, as Entra's Application Administrator
 * role is not in Latchkey): an app's credentials act with its permissions (checklist A1).
 * @throws AppError auth.forbidden
 */
export function demandApps(actor: Actor): void {
  if (!can(actor, 'apps:manage')) throw new AppError('auth.forbidden');
}

/**
 * Giving an app a directory role is a role assignment: only who may assign roles to users may
 * (Privileged Role Administrator, Global Administrator; Entra's rule, checklist A1).
 * @throws AppError roles.assignment_not_permitted
 */
export function demandRoles(actor: Actor): void {
  if (!can(actor, 'roles:manage')) throw new AppError('roles.assignment_not_permitted');
}

/**
 * Step-up for a signed-in admin (adding a credential, consent, a role); the console holds the host.
 * @throws AppError auth.step_up_required
 */
export async function stepUp(deps: AppsDeps, actor: Actor): Promise<void> {
  if (actor.kind === 'user') await deps.stepUp.demand(actor.principal);
}

/** The name consent is recorded under: the admin's user id, or the console's name. */
export function consentedByOf(actor: Actor): string {
  return actor.kind === 'user' ? actor.principal.user.id : actor.name;
}

/** Finds an app by object id or application (client) id. @throws AppError apps.not_found */
export async function findApp(via: Repos, idOrClientId: string): Promise<RegisteredApp> {
  const key = idOrClientId.trim().toLowerCase();
  const app = (await via.apps.findById(key)) ?? (await via.apps.findByClientId(key));
  if (!app) throw new AppError('apps.not_found');
  return app;
}

/**
 * Appends one audit event about an app, inside the change's transaction (ARCHITECTURE: every
 * change audited in its transaction). The target is the app; no secret value or hash is written (AU3).
 */
export async function auditApp(
  tx: Repos,
  actor: Actor,
  app: Pick<RegisteredApp, 'id' | 'displayName'>,
  event: { action: AuditAction; details: Record<string, string | number | boolean | null> },
  ctx: RequestContext,
  at: Date,
): Promise<void> {
  const { action, details } = event;
  await tx.audit.append(
    {
      action,
      outcome: 'success',
      ...actorFields(actor),
      targetId: app.id,
      targetName: app.displayName,
      ipAddress: ctx.ipAddress,
      userAgent: ctx.userAgent,
      correlationId: ctx.correlationId,
      details,
    },
    at,
  );
}
