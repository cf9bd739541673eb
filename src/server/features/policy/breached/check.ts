import { createHash } from 'node:crypto';
import type { BreachedImportInfo, BreachedPasswordStore } from './store.js';
import { BreachedSourceUnavailable, createRangeClient, type RangeClientOptions } from './range.js';

/** Where the check looks: the range service (LATCHKEY_BREACHED_PASSWORDS_URL), the imported list, or nowhere. */
export interface BreachedSourceInfo {
  mode: 'online' | 'offline' | 'off';
  /** The range service's base URL (online). */
  url: string | null;
  /** The imported list, whether or not it is the one in use (the URL wins when both exist). */
  imported: BreachedImportInfo | null;
}

/** `checked`: the source answered with how often it has seen the password (0 = never). */
export type BreachedLookup = { status: 'off' } | { status: 'unavailable' } | { status: 'checked'; count: number };

export interface BreachedCheckDeps {
  /** The range service's base URL; unset = the online check is off (the imported list is used if there is one). */
  url?: string | undefined;
  timeoutMs?: number | undefined;
  store: () => BreachedPasswordStore;
  /** Only the source and a reason are logged: never a password, a hash or a prefix. */
  log?: { warn(details: object, message: string): void };
  range?: Omit<RangeClientOptions, 'baseUrl' | 'timeoutMs'>;
}

/** The SHA-1 of a password's UTF-8 bytes, upper-case hex, as the Pwned Passwords data has it. */
export function sha1Hex(password: string): string {
  return createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
}

/**
 * The breached-password source of the one policy engine (issue 17; checklist P5; NIST SP
 * 800-63B-4 §3.1.1.2 blocklist). Online: a k-anonymity range service; offline: the list imported
 * with `latchkey breached import`. The URL wins when both are there.
 */
export function createBreachedCheck(deps: BreachedCheckDeps) {
  const log = deps.log ?? { warn: () => {} };
  const url = deps.url ? deps.url.replace(/\/+$/, '') : null;
  const range = url ? createRangeClient({ ...deps.range, baseUrl: url, ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) }) : null;

  return {
    async source(): Promise<BreachedSourceInfo> {
      const imported = await deps.store().current();
      return { mode: url ? 'online' : imported ? 'offline' : 'off', url, imported };
    },

    /** Looks the password up (the hash is computed here; only its first five hex digits may leave, online). */
    async lookup(password: string): Promise<BreachedLookup> {
      const hash = sha1Hex(password);
      if (range) {
        try {
          return { status: 'checked', count: await range.count(hash) };
        } catch (err) {
          if (!(err instanceof BreachedSourceUnavailable)) throw err;
          log.warn({ source: 'range', reason: err.reason }, 'breached-password check unavailable');
          return { status: 'unavailable' };
        }
      }
      const count = await deps.store().count(hash);
      return count === null ? { status: 'off' } : { status: 'checked', count };
    },
  };
}

export type BreachedCheck = ReturnType<typeof createBreachedCheck>;
