import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../../core/clock.js';
import { processCacheBus } from '../../core/cache-bus.js';
import { AppError } from '../../core/errors.js';
import type { Actor, Principal, RequestContext } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import { actorFields, can } from '../roles/authority.js';
import { cachedSetting } from './cached.js';
import type { SettingsDefinition, WriteGrant } from './definition.js';
import type { SettingsStore } from './store.js';

/** A document read on hot paths, and how to forget it after this server saved a new one. */
export interface SettingsCache<T> {
  get(): Promise<T>;
  invalidate(): void;
}

export interface SettingsServiceDeps {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  /** Caches kept elsewhere, by key (the password policy engine keeps its own); the others are made here. */
  caches?: Record<string, SettingsCache<unknown>>;
  /** Fresh proof for documents marked `stepUp` (the step-up feature's StepUpGate, typed here so settings imports no feature; issue 17); without it such saves are refused. */
  stepUp?: { demand: (principal: Principal) => Promise<void> };
}

/** The stored document, or the defaults when there is none or it no longer fits the schema. */
async function load<T, B>(store: SettingsStore, definition: SettingsDefinition<T, B>): Promise<T> {
  const parsed = definition.schema.safeParse((await store.get(definition.key))?.value);
  return parsed.success ? parsed.data : definition.defaults;
}

/** Whether a grant limited to some fields allows this change: every other top-level field is unchanged. */
function grantAllows<T>(grant: WriteGrant<T>, before: T, next: T): boolean {
  if (!grant.onlyFields) return true;
  const keys = new Set([...Object.keys(before as object), ...Object.keys(next as object)]);
  return [...keys].every(
    (k) => grant.onlyFields!.includes(k as keyof T & string) || isDeepStrictEqual((before as Record<string, unknown>)[k], (next as Record<string, unknown>)[k]),
  );
}

/** Reads and saves every settings document (ADR 0003) the same way: authority, checks, audit, cache. */
export function createSettingsService(deps: SettingsServiceDeps) {
  const { repos, transact, clock } = deps;
  const caches = new Map<string, SettingsCache<unknown>>(Object.entries(deps.caches ?? {}));

  /** The document's hot-path reader (one per key); other services read settings through it. */
  function cached<T, B>(definition: SettingsDefinition<T, B>): SettingsCache<T> {
    let cache = caches.get(definition.key);
    if (!cache) {
      cache = cachedSetting(() => repos.settings, definition.key, definition.schema, definition.defaults, definition.cache ?? {});
      caches.set(definition.key, cache);
    }
    return cache as SettingsCache<T>;
  }

  return {
    cached,

    /**
     * The current document, for an actor holding one of its read permissions.
     * @throws AppError auth.forbidden
     */
    async get<T, B>(actor: Actor, definition: SettingsDefinition<T, B>): Promise<T> {
      if (!definition.read.some((p) => can(actor, p))) throw new AppError('auth.forbidden');
      return cached(definition).get();
    },

    /**
     * Saves a document: the actor's grant first, then every problem of `issues` at once (a refused
     * save changes nothing), then the document and its audit event in one transaction, then the cache.
     * @returns the stored (normalised) document
     * @throws AppError auth.forbidden, the definition's `invalid` code (default request.validation_failed) with every issue
     */
    async save<T, B>(actor: Actor, definition: SettingsDefinition<T, B>, body: B, ctx: RequestContext): Promise<T> {
      // Authority before anything is read (ARCHITECTURE: authority in the service, through can).
      const grants = definition.write.filter((g) => can(actor, g.permission));
      if (!grants.length) throw new AppError('auth.forbidden');
      // Sensitive documents need fresh proof from a signed-in user (issue 17 step-up), after authority.
      if (definition.stepUp && actor.kind === 'user') {
        if (!deps.stepUp) throw new AppError('auth.step_up_required');
        await deps.stepUp.demand(actor.principal);
      }
      const next = definition.normalize ? definition.normalize(body) : (body as unknown as T);
      const now = clock.now();
      await transact(async (tx) => {
        const before = await load(tx.settings, definition);
        if (!grants.some((g) => grantAllows(g, before, next))) throw new AppError('auth.forbidden');
        const issues = definition.issues ? await definition.issues(next, { repos: tx }) : [];
        if (issues.length) throw new AppError(definition.invalid ?? 'request.validation_failed', { issues });
        const actorColumns = actorFields(actor);
        await tx.settings.put(definition.key, next, actorColumns.actorId, now);
        // Audited in the same transaction as the change (ARCHITECTURE: every change is audited).
        const details = definition.audit.details ? definition.audit.details(before, next) : { before: JSON.stringify(before), after: JSON.stringify(next) };
        await tx.audit.append({ action: definition.audit.action, outcome: 'success', ...actorColumns, ...ctx, details }, now);
      });
      cached(definition).invalidate();
      // Every other process has been told before this save answers (issue 16: workers, nodes).
      await processCacheBus().settled();
      return next;
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
