import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import { processCacheBus, type CacheBus } from '../../core/cache-bus.js';

export interface Organization {
  id: string;
  name: string;
  defaultLanguage: string;
  domains: { name: string; isDefault: boolean; isVerified: boolean }[];
}

/** The one organisation this installation serves, and its domains. */
export interface OrganizationStore {
  /** Outside a transaction, from a per-process cache (see {@link ORGANIZATION_CACHE_MS}); in one, from the database. */
  get(): Promise<Organization | undefined>;
  create(org: { id: string; name: string; defaultLanguage: string; domain: string }, at: Date): Promise<void>;
  /** Forgets the cached organisation here and, through the cache bus, in every other process. */
  invalidate(): void;
}

/** The cache bus topic of the organisation and its domains: publish it after changing either. */
export const ORGANIZATION_TOPIC = 'organization';

/**
 * How long a process reuses the organisation it read (issue 16: sign-in and /me read it on every
 * request). A change publishes {@link ORGANIZATION_TOPIC}; this is the backstop for a lost message.
 */
export const ORGANIZATION_CACHE_MS = 10_000;

/** Ends a cache's subscription once its store is gone (tests build many databases per process). */
const unsubscribeOnCollect = new FinalizationRegistry<() => void>((unsubscribe) => unsubscribe());

export function createOrganizationStore(db: Kysely<Database>, options: { bus?: CacheBus; now?: () => number } = {}): OrganizationStore {
  const now = options.now ?? Date.now;
  const bus = options.bus ?? processCacheBus();
  async function read(): Promise<Organization | undefined> {
    const org = await db.selectFrom('organization').selectAll().orderBy('created_at').executeTakeFirst();
    if (!org) return undefined;
    const domains = await db.selectFrom('domain').selectAll().where('organization_id', '=', org.id).orderBy('name').execute();
    return {
      id: org.id,
      name: org.name,
      defaultLanguage: org.default_language,
      domains: domains.map((d) => ({ name: d.name, isDefault: Number(d.is_default) === 1, isVerified: Number(d.is_verified) === 1 })),
    };
  }
  // A transaction reads its own writes: only the database's store caches. `generation` moves on every
  // invalidation, so a read that began before one does not store what it read.
  const cached = !db.isTransaction;
  const state: { hit?: { at: number; value: Organization | undefined } | undefined; generation: number } = { generation: 0 };
  const store: OrganizationStore = {
    async get() {
      if (!cached) return read();
      if (state.hit && now() - state.hit.at < ORGANIZATION_CACHE_MS) return copy(state.hit.value);
      const generation = state.generation;
      const value = await read();
      if (generation === state.generation) state.hit = { at: now(), value };
      return copy(value);
    },
    async create(org, at) {
      await db
        .insertInto('organization')
        .values({ id: org.id, name: org.name, default_language: org.defaultLanguage, created_at: iso(at) })
        .execute();
      await db
        .insertInto('domain')
        .values({ name: org.domain.toLowerCase(), organization_id: org.id, is_default: 1, is_verified: 1, created_at: iso(at) })
        .execute();
      store.invalidate();
    },
    invalidate() {
      bus.publish(ORGANIZATION_TOPIC);
    },
  };
  if (cached) unsubscribeOnCollect.register(store, forgetOnPublish(bus, state));
  return store;
}

/** Subscribes `state` to the topic, holding it weakly (the closure keeps nothing else alive). */
function forgetOnPublish(bus: CacheBus, state: { hit?: unknown; generation: number }): () => void {
  const ref = new WeakRef(state);
  return bus.subscribe(ORGANIZATION_TOPIC, () => {
    const s = ref.deref();
    if (s) {
      s.hit = undefined;
      s.generation++;
    }
  });
}

/** Callers get their own copy: nobody can change the cached one by accident. */
function copy(org: Organization | undefined): Organization | undefined {
  return org && { ...org, domains: org.domains.map((d) => ({ ...d })) };
}
