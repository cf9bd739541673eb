import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/errors.js';
import type { DbHandle } from '../db/kysely.js';

/** /healthz: the process answers. /readyz: it can reach its database. */
export function registerHealth(app: FastifyInstance, db: DbHandle): void {
  app.get('/healthz', { config: { auth: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { auth: 'public' }, schema: { hide: true } }, async () => {
    try {
      await db.ping();
    } catch (err) {
      throw new AppError('server.not_ready', { cause: err, headers: { 'retry-after': '5' } });
    }
    return { status: 'ready', database: db.engine };
  });
}
