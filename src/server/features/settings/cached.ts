import { processCacheBus, type CacheBus } from '../../core/cache-bus.js';
import type { SettingsStore } from './store.js';

interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/** The bus topic a settings document's caches listen on. */
export function settingsTopic(key: string): string {
  return `settings:${key}`;
}

/** Ends a cache's subscription once the cache itself is gone (tests build many apps per process). */
const unsubscribeOnCollect = new FinalizationRegistry<() => void>((unsubscribe) => unsubscribe());

/** Subscribes `state` to `topic`, holding it weakly (a function of its own, so the closure keeps nothing else alive). */
function forgetOnPublish(bus: CacheBus, topic: string, state: { hit?: unknown; generation: number }): () => void {
  const ref = new WeakRef(state);
  return bus.subscribe(topic, () => {
    const s = ref.deref();
    if (s) {
      s.hit = undefined;
      s.generation++;
    }
  });
}

/**
 * A setting read on hot paths (every sign-in), reused for `ttlMs`. `invalidate` (after a save)
 * forgets it here and, through the cache bus, in every other process (cluster workers, nodes on
 * one PostgreSQL; issue 16) at once; the TTL is the backstop for a message that never arrives.
 */
export function cachedSetting<T>(
  settings: () => SettingsStore,
  key: string,
  schema: Schema<T>,
  fallback: T,
  options: { ttlMs?: number; now?: () => number; bus?: CacheBus } = {},
) {
  const ttl = options.ttlMs ?? 5_000;
  const now = options.now ?? Date.now;
  const bus = options.bus ?? processCacheBus();
  const topic = settingsTopic(key);
  // `generation` moves on every invalidation: a read that began before one does not store what it read.
  const state: { hit?: { at: number; value: T } | undefined; generation: number } = { generation: 0 };
  const unsubscribe = forgetOnPublish(bus, topic, state);
  const cache = {
    async get(): Promise<T> {
      if (state.hit && now() - state.hit.at < ttl) return state.hit.value;
      const generation = state.generation;
      const stored = await settings().get(key);
      const parsed = schema.safeParse(stored?.value);
      const value = parsed.success ? parsed.data : fallback;
      if (generation === state.generation) state.hit = { at: now(), value };
      return value;
    },
    invalidate(): void {
      state.hit = undefined;
      state.generation++;
      bus.publish(topic);
    },
  };
  unsubscribeOnCollect.register(cache, unsubscribe);
  return cache;
}
