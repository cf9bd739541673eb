/**
 * Tells every process that a cached value changed (issue 16, several processes): settings and the
 * banned-password lists derived from them are cached per process for a few seconds, and a save on
 * one worker or node must reach the others at once. The caches' TTL stays as a backstop for a
 * message that never arrives (a dropped LISTEN connection, a worker restarting).
 *
 * Implementations: {@link createLocalCacheBus} (one process: tests, LATCHKEY_WORKERS=1),
 * cluster IPC through the primary (src/server/cluster/ipc-cache-bus.ts, one machine, any engine)
 * and PostgreSQL LISTEN/NOTIFY (src/server/cluster/pg-cache-bus.ts, several nodes on one database).
 */
export interface CacheBus {
  /** Announces that `topic` changed: every subscriber in every process forgets it (this process's too). */
  publish(topic: string): void;
  /** Calls `fn` whenever `topic` changes anywhere. @returns a function that ends the subscription. */
  subscribe(topic: string, fn: () => void): () => void;
  /**
   * Resolves once everything published so far has been handed on to the other processes (the
   * primary has passed it to every worker; PostgreSQL has taken the NOTIFY). A save awaits it
   * before answering, so the next request, on whichever worker, finds its cache already forgotten.
   */
  settled(): Promise<void>;
  /** Stops listening to other processes (a no-op for the local bus). */
  close(): Promise<void>;
}

/** The subscribers of one process, by topic; every bus delivers through one of these. */
export function createSubscribers() {
  const byTopic = new Map<string, Set<() => void>>();
  return {
    add(topic: string, fn: () => void): () => void {
      let set = byTopic.get(topic);
      if (!set) byTopic.set(topic, (set = new Set()));
      set.add(fn);
      return () => {
        set.delete(fn);
        if (!set.size) byTopic.delete(topic);
      };
    },
    /** Calls every subscriber of `topic`; one that throws does not stop the others. */
    deliver(topic: string): void {
      for (const fn of [...(byTopic.get(topic) ?? [])]) {
        try {
          fn();
        } catch {
          // A cache that cannot forget keeps its TTL as the backstop; the others still forget.
        }
      }
    },
    /** Every topic (after a lost connection: whatever was missed is forgotten everywhere). */
    deliverAll(): void {
      for (const topic of [...byTopic.keys()]) this.deliver(topic);
    },
    count: (): number => [...byTopic.values()].reduce((n, s) => n + s.size, 0),
  };
}

/** Delivery inside this process only: enough for one process, and what tests use. */
export function createLocalCacheBus(): CacheBus {
  const subscribers = createSubscribers();
  return {
    publish: (topic) => subscribers.deliver(topic),
    subscribe: (topic, fn) => subscribers.add(topic, fn),
    settled: async () => {},
    close: async () => {},
  };
}

let processBus: CacheBus = createLocalCacheBus();

/**
 * The bus caches made in this process use unless they are given one. The server sets it before it
 * builds the app (a worker: IPC or PostgreSQL); caches are made in several features (the policy
 * engine, the settings service), which is why this is one per process rather than passed down.
 */
export function processCacheBus(): CacheBus {
  return processBus;
}

/** Sets this process's bus (see {@link processCacheBus}); caches made before keep the bus they have. */
export function setProcessCacheBus(bus: CacheBus): void {
  processBus = bus;
}
