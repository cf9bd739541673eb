import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { iso } from '../../../core/clock.js';
import { problemJson } from '../../../http/problem-schema.js';
import type { BreachedCheck } from './check.js';

export const breachedSourceJson = z
  .object({
    mode: z.enum(['online', 'offline', 'off']).describe('online: the range service; offline: the imported list; off: no source, so no check'),
    url: z.string().nullable().describe('the range service (LATCHKEY_BREACHED_PASSWORDS_URL)'),
    imported: z
      .object({ entries: z.number().int(), badLines: z.number().int(), fileName: z.string(), importedDateTime: z.string() })
      .nullable()
      .describe('the list imported with `latchkey breached import`, whether or not it is in use (the URL wins)'),
  })
  .meta({ id: 'BreachedPasswordSource' });

/** Which breached-password source the check uses, for the admin centre (the settings document has its own routes). */
export const breachedRoutes =
  (breached: BreachedCheck): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/settings/breached-passwords/source',
      {
        config: { permission: 'settings:password-policy' },
        schema: {
          tags: ['Settings'],
          summary: 'Where the breached-password check looks: the range service, an imported list, or nowhere',
          response: { 200: breachedSourceJson, 401: problemJson, 403: problemJson },
        },
      },
      async () => {
        const source = await breached.source();
        const { imported } = source;
        return {
          mode: source.mode,
          url: source.url,
          imported: imported
            ? { entries: imported.entries, badLines: imported.badLines, fileName: imported.fileName, importedDateTime: iso(imported.importedAt) }
            : null,
        };
      },
    );
  };
