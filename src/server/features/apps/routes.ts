import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../core/identity.js';
import { problemJson } from '../../http/problem-schema.js';
import {
  appCreatedJson,
  appIdParams,
  appJson,
  certificateBody,
  certificateJson,
  certificateParams,
  createAppBody,
  patchAppBody,
  secretBody,
  secretParams,
} from './schemas.js';
import type { AppsService } from './service.js';

const tags = ['Applications'];
const problems = { 400: problemJson, 401: problemJson, 403: problemJson, 404: problemJson };
const stepUpNote = ' A sensitive action: 403 auth.step_up_required without a fresh sign-in proof.';

/**
 * App registrations (issue 15): Entra's App registrations for the OAuth server and the Graph
 * surface. `apps:manage` (Global Administrator) is the first gate; the service decides again,
 * with roles:manage for directory roles and role-granting consent.
 */
export const appRoutes =
  (apps: AppsService): FastifyPluginAsyncZod =>
  async (app) => {
    const actor = (request: FastifyRequest): Actor => ({ kind: 'user', principal: request.principal! });
    const config = { permission: 'apps:manage' as const };

    app.get(
      '/apps',
      {
        config,
        schema: { tags, summary: 'List app registrations', response: { 200: z.object({ items: z.array(appJson) }), 401: problemJson, 403: problemJson } },
      },
      async (request) => ({ items: await apps.list(actor(request)) }),
    );

    app.post(
      '/apps',
      {
        config,
        schema: {
          tags,
          summary: 'Register an app',
          description:
            'Creates the app (client id = a new UUID) and, unless createSecret is false or it is a public client, a first client secret whose value is in the answer this once. A directoryRole needs roles:manage.' +
            stepUpNote,
          body: createAppBody,
          response: { 201: appCreatedJson, ...problems },
        },
      },
      async (request, reply) => reply.code(201).send(await apps.create(actor(request), request.body, request.context)),
    );

    app.get(
      '/apps/:id',
      { config, schema: { tags, summary: 'Get an app registration', params: appIdParams, response: { 200: appJson, ...problems } } },
      async (request) => apps.get(actor(request), request.params.id),
    );

    app.patch(
      '/apps/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Change an app registration',
          description:
            'Any change to the permission set clears admin consent (new permissions need consent again). Changing directoryRole needs roles:manage and a fresh sign-in proof.',
          params: appIdParams,
          body: patchAppBody,
          response: { 200: appJson, ...problems },
        },
      },
      async (request) => apps.update(actor(request), request.params.id, request.body, request.context),
    );

    app.delete(
      '/apps/:id',
      {
        config,
        schema: {
          tags,
          summary: 'Delete an app registration',
          description: 'Deletes the app with its secrets and certificates; its tokens stop working at once.',
          params: appIdParams,
          response: { 204: z.null(), ...problems },
        },
      },
      async (request, reply) => {
        await apps.delete(actor(request), request.params.id, request.context);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/apps/:id/secrets',
      {
        config,
        schema: {
          tags,
          summary: 'Add a client secret',
          description: 'The value is in the answer this once; Latchkey keeps only a keyed hash and the first three characters.' + stepUpNote,
          params: appIdParams,
          body: secretBody,
          response: { 201: appCreatedJson, ...problems },
        },
      },
      async (request, reply) => reply.code(201).send(await apps.addSecret(actor(request), request.params.id, request.body, request.context)),
    );

    app.delete(
      '/apps/:id/secrets/:secretId',
      { config, schema: { tags, summary: 'Delete a client secret', params: secretParams, response: { 204: z.null(), ...problems } } },
      async (request, reply) => {
        await apps.removeSecret(actor(request), request.params.id, request.params.secretId, request.context);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/apps/:id/certificates',
      {
        config,
        schema: {
          tags,
          summary: 'Upload a certificate',
          description: 'A public certificate in PEM for private_key_jwt client assertions (RSA 2048+ or EC P-256/384/521, not expired).' + stepUpNote,
          params: appIdParams,
          body: certificateBody,
          response: { 201: certificateJson, ...problems, 409: problemJson },
        },
      },
      async (request, reply) => reply.code(201).send(await apps.addCertificate(actor(request), request.params.id, request.body, request.context)),
    );

    app.delete(
      '/apps/:id/certificates/:certificateId',
      { config, schema: { tags, summary: 'Delete a certificate', params: certificateParams, response: { 204: z.null(), ...problems } } },
      async (request, reply) => {
        await apps.removeCertificate(actor(request), request.params.id, request.params.certificateId, request.context);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/apps/:id/consent',
      {
        config,
        schema: {
          tags,
          summary: 'Grant admin consent',
          description:
            'Grants admin consent for the app\u2019s current permissions; without it the app gets no application token. RoleManagement.ReadWrite.Directory also needs roles:manage.' +
            stepUpNote,
          params: appIdParams,
          response: { 200: appJson, ...problems, 409: problemJson },
        },
      },
      async (request) => apps.grantConsent(actor(request), request.params.id, request.context),
    );

    app.delete(
      '/apps/:id/consent',
      {
        config,
        schema: {
          tags,
          summary: 'Revoke admin consent',
          description: 'The app\u2019s application tokens stop working at once.',
          params: appIdParams,
          response: { 200: appJson, ...problems },
        },
      },
      async (request) => apps.revokeConsent(actor(request), request.params.id, request.context),
    );
  };
