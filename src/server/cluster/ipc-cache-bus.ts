import type { Cluster } from 'node:cluster';
import { createSubscribers, type CacheBus } from '../core/cache-bus.js';

/** The message a worker sends the primary and the primary passes on to the other workers. */
export const CACHE_MESSAGE = 'latchkey:cache-invalidate';
/** The primary's answer to the sender once it has passed a message on to every other worker. */
export const RELAYED_MESSAGE = 'latchkey:cache-relayed';
/** How long a save waits for the primary's answer at most (a primary gone away never answers; the TTL still holds). */
const RELAY_WAIT_MS = 2_000;

interface CacheMessage {
  type: typeof CACHE_MESSAGE;
  topic: string;
  seq?: number;
}

const isCacheMessage = (message: unknown): message is CacheMessage =>
  typeof message === 'object' && message !== null && (message as CacheMessage).type === CACHE_MESSAGE && typeof (message as CacheMessage).topic === 'string';

/** What a worker talks to the primary through (`process` in a cluster worker; a stand-in pair in tests). */
export interface IpcChannel {
  send?: ((message: unknown) => unknown) | undefined;
  readonly connected?: boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/**
 * A cluster worker's bus (one machine, any engine): a publish is delivered here and sent to the
 * primary, which passes it to every other worker ({@link relayCacheMessages}).
 */
export function createIpcCacheBus(channel: IpcChannel = process): CacheBus {
  const subscribers = createSubscribers();
  const pending = new Map<number, () => void>();
  const waiting = new Set<Promise<void>>();
  let seq = 0;
  const onMessage = (message: unknown) => {
    if (isCacheMessage(message)) subscribers.deliver(message.topic);
    const relayed = message as { type?: unknown; seq?: unknown };
    if (relayed?.type === RELAYED_MESSAGE && typeof relayed.seq === 'number') pending.get(relayed.seq)?.();
  };
  channel.on('message', onMessage);
  return {
    publish(topic) {
      subscribers.deliver(topic);
      // No channel (the primary went away): the other workers fall back on their caches' TTL.
      if (!channel.send || channel.connected === false) return;
      const mine = ++seq;
      const answered = new Promise<void>((resolve) => {
        const timer = setTimeout(() => pending.get(mine)?.(), RELAY_WAIT_MS);
        timer.unref();
        pending.set(mine, () => {
          clearTimeout(timer);
          pending.delete(mine);
          waiting.delete(answered);
          resolve();
        });
      });
      waiting.add(answered);
      channel.send({ type: CACHE_MESSAGE, topic, seq: mine } satisfies CacheMessage);
    },
    subscribe: (topic, fn) => subscribers.add(topic, fn),
    // The answers to every message sent so far (each ends with its answer or its timer).
    settled: async () => void (await Promise.all([...waiting])),
    close: async () => void channel.off('message', onMessage),
  };
}

/** In the primary: passes each worker's cache message on to every other live worker. */
export function relayCacheMessages(cluster: Pick<Cluster, 'on' | 'workers'>): void {
  cluster.on('message', (from, message: unknown) => {
    if (!isCacheMessage(message)) return;
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker && worker.id !== from.id && worker.isConnected()) worker.send(message);
    }
    // Sent after the others' copies: a connection handed to a worker later reaches it after the message.
    if (message.seq !== undefined && from.isConnected()) from.send({ type: RELAYED_MESSAGE, seq: message.seq });
  });
}
