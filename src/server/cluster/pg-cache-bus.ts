import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createSubscribers, type CacheBus } from '../core/cache-bus.js';

/** One channel for every Latchkey database on a cluster; the payload names the database's schema. */
const CHANNEL = 'latchkey_cache';

/**
 * Several nodes (and the workers of each) on one PostgreSQL: a publish is delivered here and sent
 * with NOTIFY; every other process LISTENs on a connection of its own and forgets the topic. A lost
 * connection is made again (with backoff), and then every topic is forgotten, since messages may
 * have been missed meanwhile; until then the caches' TTL is the backstop.
 */
export async function createPostgresCacheBus(options: {
  url: string;
  /** The schema the database lives in when it is not the default one (tests), to keep databases on one cluster apart. */
  schema?: string | undefined;
  onError?: (err: unknown) => void;
}): Promise<CacheBus> {
  const subscribers = createSubscribers();
  const me = randomBytes(8).toString('hex');
  const scope = options.schema ?? '';
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = 250;
  const inFlight = new Set<Promise<void>>();

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.url, keepAlive: true });
    next.on('notification', (n) => {
      const [from, where, topic] = (n.payload ?? '').split('\n');
      if (topic !== undefined && from !== me && where === scope) subscribers.deliver(topic);
    });
    next.on('error', (err) => options.onError?.(err));
    next.on('end', () => {
      if (closed || client !== next) return;
      client = undefined;
      reconnectLater();
    });
    await next.connect();
    await next.query(`listen ${CHANNEL}`);
    client = next;
    retryMs = 250;
  };
  const reconnectLater = () => {
    const timer = setTimeout(() => {
      if (closed) return;
      connect().then(
        () => subscribers.deliverAll(),
        (err: unknown) => {
          options.onError?.(err);
          retryMs = Math.min(retryMs * 2, 10_000);
          reconnectLater();
        },
      );
    }, retryMs);
    timer.unref();
  };

  await connect();
  return {
    publish(topic) {
      subscribers.deliver(topic);
      const sender = client;
      if (!sender) return;
      const sent = sender
        .query('select pg_notify($1, $2)', [CHANNEL, `${me}\n${scope}\n${topic}`])
        .then(
          () => {},
          (err: unknown) => options.onError?.(err),
        )
        .finally(() => inFlight.delete(sent));
      inFlight.add(sent);
    },
    async settled() {
      await Promise.all([...inFlight]);
    },
    subscribe: (topic, fn) => subscribers.add(topic, fn),
    async close() {
      closed = true;
      await client?.end().catch(() => {});
      client = undefined;
    },
  };
}
