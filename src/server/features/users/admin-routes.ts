import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Repos } from '../../db/repos.js';
import { findRole, permissions, roleDisplayNames, roleIds, rolePermissions } from '../../../shared/roles.js';
import type { UserAdminService } from './admin.js';
import { toUserJson, userIdParams, userJson } from './schemas.js';
import { problemJson } from '../../http/problem-schema.js';
import type { UsersService } from './service.js';

const directoryFields = {
  displayName: z.string().max(256).optional(),
  givenName: z.string().max(64).nullable().optional(),
  surname: z.string().max(64).nullable().optional(),
  mail: z.string().max(254).nullable().optional(),
  otherMails: z.array(z.string().max(254)).max(10).optional(),
  mobilePhone: z.string().max(32).nullable().optional(),
  businessPhones: z.array(z.string().max(32)).max(5).optional(),
  department: z.string().max(64).nullable().optional(),
  jobTitle: z.string().max(128).nullable().optional(),
  accountEnabled: z.boolean().optional(),
  preferredLanguage: z.enum(['en', 'nl']).nullable().optional(),
};
const passwordPolicies = z
  .string()
  .max(100)
  .nullable()
  .optional()
  .describe('"DisablePasswordExpiration", "DisableStrongPassword", comma separated; null for none');

const createBody = z
  .object({
    userPrincipalName: z.string().max(113),
    ...directoryFields,
    displayName: z.string().max(256),
    passwordPolicies,
    passwordProfile: z
      .object({ password: z.string().min(1).max(1024).optional(), forceChangePasswordNextSignIn: z.boolean().default(true) })
      .strict()
      .optional(),
  })
  .strict()
  .meta({ id: 'UserCreate', description: 'Graph-style: passwordProfile.password is optional; without it a password is generated and returned once.' });

/** Every field `PATCH /users/{id}` accepts (patch-matrix.test.ts walks its keys, so a new field is judged too). */
export const patchBody = z
  .object({ userPrincipalName: z.string().max(113).optional(), ...directoryFields, passwordPolicies })
  .strict()
  .meta({ id: 'UserUpdate' });

const assignmentId = (role: string, userId: string) => `${role}.${userId}`;

/** Adding, editing and deleting users, and admin role assignments (Entra: Privileged Role Administrator or Global Administrator). */
export const userAdminRoutes =
  (deps: { users: UsersService; admin: UserAdminService; repos: Repos }): FastifyPluginAsyncZod =>
  async (app) => {
    const { users, admin } = deps;
    const flagsOf = (value: string | null | undefined) => {
      const flags = (value ?? '').split(',').map((f) => f.trim());
      return { disablePasswordExpiration: flags.includes('DisablePasswordExpiration'), disableStrongPassword: flags.includes('DisableStrongPassword') };
    };

    app.post(
      '/users',
      {
        config: { permission: 'users:manage' },
        schema: {
          tags: ['Users'],
          summary: 'Add a user',
          body: createBody,
          response: {
            201: z.object({ user: userJson, password: z.string().nullable() }),
            400: problemJson,
            401: problemJson,
            403: problemJson,
            409: problemJson,
          },
        },
      },
      async (request, reply) => {
        const { passwordProfile, passwordPolicies: policies, ...fields } = request.body;
        const input = { ...fields, ...flagsOf(policies), forceChangePassword: passwordProfile?.forceChangePasswordNextSignIn ?? true };
        const actor = { kind: 'user' as const, principal: request.principal! };
        const created = passwordProfile?.password
          ? { user: await users.create(actor, { ...input, password: passwordProfile.password }, request.context), password: null }
          : await users.createWithGeneratedPassword(actor, input, request.context);
        return reply.code(201).send({ user: toUserJson(created.user), password: created.password });
      },
    );

    app.patch(
      '/users/:id',
      {
        config: { permission: 'users:manage' },
        schema: {
          tags: ['Users'],
          summary: 'Edit a user',
          params: userIdParams,
          body: patchBody,
          response: { 200: userJson, 400: problemJson, 401: problemJson, 403: problemJson, 404: problemJson, 409: problemJson },
        },
      },
      async (request) => {
        await admin.update(request.principal!, request.params.id, request.body, request.context);
        return toUserJson(await users.get({ kind: 'user', principal: request.principal! }, request.params.id));
      },
    );

    app.delete(
      '/users/:id',
      {
        config: { permission: 'users:manage' },
        schema: {
          tags: ['Users'],
          summary: 'Delete a user',
          params: userIdParams,
          response: { 204: z.null(), 400: problemJson, 401: problemJson, 403: problemJson, 404: problemJson, 409: problemJson },
        },
      },
      async (request, reply) => {
        await admin.delete(request.principal!, request.params.id, request.context);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/roles',
      {
        config: { permission: 'users:read' },
        schema: {
          tags: ['Roles'],
          summary: 'The admin roles, with how many users hold each',
          response: {
            200: z.object({
              items: z.array(
                z.object({ id: z.enum(roleIds), displayName: z.string(), permissions: z.array(z.enum(permissions)), memberCount: z.number().int() }),
              ),
            }),
            401: problemJson,
            403: problemJson,
          },
        },
      },
      async () => ({
        items: await Promise.all(
          roleIds.map(async (id) => ({
            id,
            displayName: roleDisplayNames[id],
            permissions: [...rolePermissions[id]],
            memberCount: await deps.repos.users.countWithRole(id, false),
          })),
        ),
      }),
    );

    app.post(
      '/role-assignments',
      {
        schema: {
          tags: ['Roles'],
          summary: 'Assign an admin role (by id or Entra name, such as "Helpdesk Administrator")',
          body: z.object({ userId: z.uuid(), role: z.string().min(1).max(100) }).strict(),
          response: {
            201: z.object({ id: z.string(), userId: z.string(), role: z.enum(roleIds) }),
            400: problemJson,
            401: problemJson,
            403: problemJson,
            404: problemJson,
          },
        },
      },
      async (request, reply) => {
        const role = findRole(request.body.role);
        if (!role) throw new AppError('roles.not_found');
        await admin.assignRole(request.principal!, request.body.userId, role, request.context);
        return reply.code(201).send({ id: assignmentId(role, request.body.userId), userId: request.body.userId, role });
      },
    );

    app.delete(
      '/role-assignments/:id',
      {
        schema: {
          tags: ['Roles'],
          summary: 'Remove an admin role assignment (id: "<role>.<userId>")',
          params: z.object({ id: z.string().max(200) }).strict(),
          response: { 204: z.null(), 400: problemJson, 401: problemJson, 403: problemJson, 404: problemJson, 409: problemJson },
        },
      },
      async (request, reply) => {
        const dot = request.params.id.lastIndexOf('.');
        const role = findRole(request.params.id.slice(0, Math.max(0, dot)));
        const userId = request.params.id.slice(dot + 1);
        if (!role || !/^[0-9a-f-]{36}$/.test(userId)) throw new AppError('roles.assignment_not_found');
        await admin.removeRole(request.principal!, userId, role, request.context);
        return reply.code(204).send(null);
      },
    );
  };
