import type { Config } from '../config/schema.js';
import { setProcessCacheBus, type CacheBus } from '../core/cache-bus.js';
import type { DbHandle } from '../db/kysely.js';
import { createIpcCacheBus } from './ipc-cache-bus.js';
import { createPostgresCacheBus } from './pg-cache-bus.js';

/** What a worker tells the primary once it listens: the primary prints where to go (once). */
export const LISTENING_MESSAGE = 'latchkey:listening';

export interface ListeningMessage {
  type: typeof LISTENING_MESSAGE;
  port: number;
}

export const isListeningMessage = (message: unknown): message is ListeningMessage =>
  typeof message === 'object' &&
  message !== null &&
  (message as ListeningMessage).type === LISTENING_MESSAGE &&
  typeof (message as ListeningMessage).port === 'number';

/** A worker that has loaded the server asks the primary to start; the primary answers once the database is ready. */
export const START_REQUEST_MESSAGE = 'latchkey:start-request';
export const START_MESSAGE = 'latchkey:start';

const isType = (message: unknown, type: string) => typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
export const isStartRequest = (message: unknown) => isType(message, START_REQUEST_MESSAGE);

/**
 * In a worker: asks the primary to start and waits for its answer. Workers load the server's code
 * while the primary migrates and bootstraps (start-up time), but open nothing before it is done.
 */
export function waitForStart(channel: Pick<NodeJS.Process, 'send' | 'on' | 'off'> = process): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if (!isType(message, START_MESSAGE)) return;
      channel.off('message', onMessage);
      resolve();
    };
    channel.on('message', onMessage);
    channel.send?.({ type: START_REQUEST_MESSAGE });
  });
}

/**
 * Picks and installs this process's cache bus before the app (and its caches) is built: PostgreSQL
 * LISTEN/NOTIFY on PostgreSQL (reaches the workers of this node and every other node), IPC through
 * the primary for a SQLite cluster worker, and the in-process bus otherwise.
 * @returns the bus, to close with the server.
 */
export async function installCacheBus(
  config: Pick<Config, 'databaseUrl'>,
  db: Pick<DbHandle, 'engine'>,
  options: { worker: boolean; onError: (err: unknown) => void },
): Promise<CacheBus | null> {
  let bus: CacheBus | null = null;
  if (db.engine === 'postgres' && config.databaseUrl) bus = await createPostgresCacheBus({ url: config.databaseUrl, onError: options.onError });
  else if (options.worker) bus = createIpcCacheBus(process);
  if (bus) setProcessCacheBus(bus);
  return bus;
}
