import type { SettingsStore } from './store.js';

interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/**
 * A setting read on hot paths (every sign-in), reused for `ttlMs`: other servers see a change
 * within that time; this server sees its own change at once through `invalidate`.
 */
export function cachedSetting<T>(
  settings: () => SettingsStore,
  key: string,
  schema: Schema<T>,
  fallback: T,
  options: { ttlMs?: number; now?: () => number } = {},
) {
  const ttl = options.ttlMs ?? 5_000;
  const now = options.now ?? Date.now;
  let hit: { at: number; value: T } | undefined;
  return {
    async get(): Promise<T> {
      if (hit && now() - hit.at < ttl) return hit.value;
      const stored = await settings().get(key);
      const parsed = schema.safeParse(stored?.value);
      hit = { at: now(), value: parsed.success ? parsed.data : fallback };
      return hit.value;
    },
    invalidate(): void {
      hit = undefined;
    },
  };
}
