/**
 * A k-anonymity range client in the Pwned Passwords format (issue 17; checklist P5): only the first
 * five hex digits of the password's SHA-1 leave the machine, as `GET <base>/range/<PREFIX>`; the
 * answer lists every known suffix with that prefix as `SUFFIX:COUNT` lines. With `Add-Padding: true`
 * the service adds lines with count 0, which are not breaches and are ignored, so the answer's size
 * does not tell an observer the prefix either.
 */

/** The source could not answer (timeout, refused connection, an error status, a malformed or oversized answer). */
export class BreachedSourceUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`breached-password source unavailable: ${reason}`);
    this.name = 'BreachedSourceUnavailable';
  }
}

export interface RangeClientOptions {
  /** The service's base URL, e.g. https://api.pwnedpasswords.com (its `/range/` is appended). */
  baseUrl: string;
  /** How long one request may take in all (default 2 s). */
  timeoutMs?: number;
  /** The largest answer read (default 1 MiB; a padded answer is about 30-40 KB). */
  maxBytes?: number;
  /** Ranges kept in memory (default 200, about 70 KB each; the least recently used is dropped first). */
  cacheSize?: number;
  /** How long a range is reused (default 1 hour; the published data changes a few times a year). */
  cacheTtlMs?: number;
  /** After a failure, further lookups fail at once for this long instead of waiting again (default 10 s). */
  retryAfterMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

const SUFFIX_LINE = /^([0-9A-Fa-f]{35}):(\d{1,12})$/;

export function createRangeClient(options: RangeClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 2_000;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const cacheSize = options.cacheSize ?? 200;
  const ttl = options.cacheTtlMs ?? 60 * 60_000;
  const retryAfterMs = options.retryAfterMs ?? 10_000;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  /** Insertion order is recency order: a hit is moved to the end, the first entry is the oldest. */
  const cache = new Map<string, { at: number; counts: Map<string, number> }>();
  const inFlight = new Map<string, Promise<Map<string, number>>>();
  let downUntil = 0;
  let lastFailure = '';

  async function fetchRange(prefix: string): Promise<Map<string, number>> {
    let response: Response;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      response = await doFetch(`${base}/range/${prefix}`, {
        headers: { 'Add-Padding': 'true', Accept: 'text/plain', 'User-Agent': 'Latchkey' },
        redirect: 'error',
        signal,
      });
    } catch (err) {
      // The cause's code (ECONNREFUSED, ENOTFOUND …), not its message: that may name the address with the prefix.
      throw new BreachedSourceUnavailable(signal.aborted ? 'timeout' : `request failed (${errorCode(err)})`);
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      throw new BreachedSourceUnavailable(`status ${response.status}`);
    }
    const text = await readCapped(response, maxBytes, signal);
    const counts = new Map<string, number>();
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (!line) continue;
      const match = SUFFIX_LINE.exec(line);
      if (!match) throw new BreachedSourceUnavailable('malformed answer');
      const count = Number(match[2]);
      // Padding lines (count 0) are not breaches.
      if (count > 0) counts.set(match[1]!.toUpperCase(), count);
    }
    return counts;
  }

  async function range(prefix: string): Promise<Map<string, number>> {
    const hit = cache.get(prefix);
    if (hit && now() - hit.at < ttl) {
      cache.delete(prefix);
      cache.set(prefix, hit);
      return hit.counts;
    }
    if (now() < downUntil) throw new BreachedSourceUnavailable(`recently failed (${lastFailure})`);
    const pending = inFlight.get(prefix);
    if (pending) return pending;
    const request = fetchRange(prefix)
      .then((counts) => {
        cache.delete(prefix);
        cache.set(prefix, { at: now(), counts });
        while (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
        return counts;
      })
      .catch((err: unknown) => {
        const failure = err instanceof BreachedSourceUnavailable ? err : new BreachedSourceUnavailable(errorCode(err));
        lastFailure = failure.reason;
        downUntil = now() + retryAfterMs;
        throw failure;
      })
      .finally(() => inFlight.delete(prefix));
    inFlight.set(prefix, request);
    return request;
  }

  return {
    /**
     * How often the service has seen the password with this SHA-1 (40 hex); 0 when never.
     * @throws BreachedSourceUnavailable
     */
    async count(sha1: string): Promise<number> {
      const hash = sha1.toUpperCase();
      const counts = await range(hash.slice(0, 5));
      return counts.get(hash.slice(5)) ?? 0;
    },
    /** Ranges held now (for tests and metrics). */
    cachedRanges: () => cache.size,
  };
}

export type RangeClient = ReturnType<typeof createRangeClient>;

/** The body as text, refusing more than `maxBytes` without reading the rest. */
async function readCapped(response: Response, maxBytes: number, signal: AbortSignal): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new BreachedSourceUnavailable('answer too large');
  }
  if (!response.body) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new BreachedSourceUnavailable('answer too large');
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof BreachedSourceUnavailable) throw err;
    throw new BreachedSourceUnavailable(signal.aborted ? 'timeout' : `reading the answer failed (${errorCode(err)})`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function errorCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.name : 'error';
}
