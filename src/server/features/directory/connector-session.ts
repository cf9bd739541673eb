/*
 * Connections to the directory (issue 14): a fresh client per user bind, and the service
 * account's shared connection, bound once and rebuilt after a failure. Every step is bounded by
 * the configured timeout (connect, StartTLS, bind, each operation).
 */
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client } from 'ldapts';
import type { DirectoryConnectionSettings } from './config.js';
import { isConnectionFailure, toDirectoryError } from './ldap-errors.js';

/** TLS for ldaps:// and StartTLS: the configured CA (else the system's), hostname checked, TLS 1.2 or later (checklist T1). */
export function tlsOptions(settings: DirectoryConnectionSettings): ConnectionOptions {
  const host = new URL(settings.url).hostname.replace(/^\[|\]$/g, '');
  return {
    host,
    ...(isIP(host) ? {} : { servername: host }),
    ...(settings.ca ? { ca: [settings.ca] } : {}),
    minVersion: 'TLSv1.2',
    rejectUnauthorized: true,
  };
}

/** Rejects with a timeout error (read as directory.unavailable) when `promise` takes longer than `ms`; `onTimeout` tears down. */
export async function within<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error('Operation timed out'));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A connected (and, when configured, StartTLS-upgraded) client, not bound yet. The caller unbinds it. */
export async function openClient(settings: DirectoryConnectionSettings): Promise<Client> {
  const client = new Client({
    url: settings.url,
    timeout: settings.timeoutMs,
    connectTimeout: settings.timeoutMs,
    // ldapts speaks TLS from the first byte whenever tlsOptions are given: only for ldaps://.
    ...(settings.url.toLowerCase().startsWith('ldaps:') ? { tlsOptions: tlsOptions(settings) } : {}),
    strictDN: false,
  });
  if (settings.startTls) {
    // Nothing, not even the bind DN, goes over the connection before it is encrypted.
    await within(client.startTLS(tlsOptions(settings)), settings.timeoutMs, () => void quietUnbind(client)).catch(async (err: unknown) => {
      await quietUnbind(client);
      throw err;
    });
  }
  return client;
}

export async function quietUnbind(client: Client | null | undefined): Promise<void> {
  if (!client) return;
  try {
    await within(client.unbind(), 1000, () => {});
  } catch {
    // already gone
  }
}

/** The service account's connection: bound on first use, rebuilt when it broke. */
export interface ServiceConnection {
  /** Runs `fn` on the bound service connection; retries once on a fresh one when a reused connection turned out dead. @throws AppError directory.* */
  run<T>(fn: (client: Client) => Promise<T>): Promise<T>;
  /** A bound client for a paged search the caller iterates; the caller must not unbind it. */
  client(): Promise<Client>;
  close(): Promise<void>;
}

export function createServiceConnection(settings: DirectoryConnectionSettings): ServiceConnection {
  let current: Promise<Client> | null = null;

  const connect = async (): Promise<Client> => {
    const client = await openClient(settings);
    try {
      await within(client.bind(settings.bindDn, settings.bindPassword), settings.timeoutMs, () => void quietUnbind(client));
      return client;
    } catch (err) {
      await quietUnbind(client);
      throw err;
    }
  };

  const get = async (): Promise<{ client: Client; fresh: boolean }> => {
    if (current) {
      const client = await current.catch(() => null);
      if (client?.isConnected && client.isBound) return { client, fresh: false };
      await quietUnbind(client);
    }
    const pending = connect();
    current = pending;
    pending.catch(() => {
      if (current === pending) current = null;
    });
    return { client: await pending, fresh: true };
  };

  const drop = async (client: Client) => {
    if (current && (await current.catch(() => null)) === client) current = null;
    await quietUnbind(client);
  };

  return {
    async run(fn) {
      for (let attempt = 0; ; attempt++) {
        let session: { client: Client; fresh: boolean };
        try {
          session = await get();
        } catch (err) {
          throw toDirectoryError(err, { kind: settings.kind, operation: 'service' });
        }
        try {
          return await fn(session.client);
        } catch (err) {
          if (!isConnectionFailure(err)) throw err;
          await drop(session.client);
          if (session.fresh || attempt > 0) throw toDirectoryError(err, { kind: settings.kind, operation: 'service' });
        }
      }
    },
    async client() {
      try {
        return (await get()).client;
      } catch (err) {
        throw toDirectoryError(err, { kind: settings.kind, operation: 'service' });
      }
    },
    async close() {
      const pending = current;
      current = null;
      if (pending) await quietUnbind(await pending.catch(() => null));
    },
  };
}
