import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Repos, Transact } from '../../db/repos.js';
import { problemJson } from '../../http/problem-schema.js';
import { SSPR_SETTINGS_KEY, ssprSettings, ssprSettingsIssues, type SsprSettings } from './settings.js';

/** Settings > Org settings > Security & privacy > Self-service password reset; and the groups to scope it to. */
export const ssprSettingsRoutes =
  (deps: { repos: Repos; transact: Transact; clock: Clock; current: () => Promise<SsprSettings>; invalidate: () => void }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/settings/self-service-password-reset',
      { config: { permission: 'settings:sspr' }, schema: { tags: ['Settings'], summary: 'Self-service password reset: who, which methods, registration, notifications', response: { 200: ssprSettings, 401: problemJson, 403: problemJson } } },
      async () => deps.current(),
    );
    app.put(
      '/settings/self-service-password-reset',
      {
        config: { permission: 'settings:sspr' },
        schema: { tags: ['Settings'], summary: 'Save the self-service password reset policy', body: ssprSettings, response: { 200: ssprSettings, 400: problemJson, 401: problemJson, 403: problemJson } },
      },
      async (request) => {
        const next: SsprSettings = { ...request.body, groupId: request.body.enabledFor === 'group' ? request.body.groupId : null, customQuestions: request.body.customQuestions.map((q) => q.trim()), customHelpdesk: request.body.customHelpdesk?.trim() || null };
        const issues = ssprSettingsIssues(next);
        if (next.groupId && !issues.length && !(await deps.repos.groups.list()).some((g) => g.id === next.groupId)) issues.push({ path: 'groupId', code: 'sspr.group_not_found' });
        if (issues.length) throw new AppError('sspr.settings_invalid', { issues });
        const now = deps.clock.now();
        const before = await deps.current();
        const principal = request.principal!;
        await deps.transact(async (tx) => {
          await tx.settings.put(SSPR_SETTINGS_KEY, next, principal.user.id, now);
          await tx.audit.append(
            { action: 'settings.sspr_updated', outcome: 'success', actorId: principal.user.id, actorName: principal.user.userPrincipalName, ...request.context, details: { before: JSON.stringify(before), after: JSON.stringify(next) } },
            now,
          );
        });
        deps.invalidate();
        return next;
      },
    );
    app.get(
      '/groups',
      {
        config: { permission: 'users:read' },
        schema: {
          tags: ['Groups'],
          summary: 'Groups, optionally filtered by the start of their name',
          querystring: z.object({ search: z.string().max(100).optional() }).strict(),
          response: { 200: z.object({ items: z.array(z.object({ id: z.string(), displayName: z.string(), description: z.string().nullable(), memberCount: z.number() })) }), 400: problemJson, 401: problemJson, 403: problemJson },
        },
      },
      async (request) => {
        const search = request.query.search?.trim().toLocaleLowerCase('und') ?? '';
        const groups = await deps.repos.groups.list();
        return { items: groups.filter((g) => !search || g.displayName.toLocaleLowerCase('und').startsWith(search)).map(({ id, displayName, description, memberCount }) => ({ id, displayName, description, memberCount })) };
      },
    );
  };
