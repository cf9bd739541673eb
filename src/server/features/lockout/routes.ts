import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Clock } from '../../core/clock.js';
import type { Repos, Transact } from '../../db/repos.js';
import { problemJson } from '../../http/problem-schema.js';
import { LOCKOUT_SETTINGS_KEY, lockoutSettings, type LockoutSettings } from './settings.js';

/** Settings > Password protection > Smart lockout. */
export const lockoutRoutes =
  (deps: { repos: Repos; transact: Transact; clock: Clock; current: () => Promise<LockoutSettings>; invalidate: () => void }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/settings/smart-lockout',
      { config: { permission: 'settings:lockout' }, schema: { tags: ['Settings'], summary: 'Smart lockout threshold and duration', response: { 200: lockoutSettings, 401: problemJson, 403: problemJson } } },
      async () => deps.current(),
    );
    app.put(
      '/settings/smart-lockout',
      {
        config: { permission: 'settings:lockout' },
        schema: {
          tags: ['Settings'],
          summary: 'Save the smart lockout threshold (1-50) and first lockout duration (5-86,400 s)',
          body: lockoutSettings,
          response: { 200: lockoutSettings, 400: problemJson, 401: problemJson, 403: problemJson },
        },
      },
      async (request) => {
        const now = deps.clock.now();
        const before = await deps.current();
        const principal = request.principal!;
        await deps.transact(async (tx) => {
          await tx.settings.put(LOCKOUT_SETTINGS_KEY, request.body, principal.user.id, now);
          await tx.audit.append(
            { action: 'settings.smart_lockout_updated', outcome: 'success', actorId: principal.user.id, actorName: principal.user.userPrincipalName, ...request.context, details: { before: JSON.stringify(before), after: JSON.stringify(request.body) } },
            now,
          );
        });
        deps.invalidate();
        return request.body;
      },
    );
  };
