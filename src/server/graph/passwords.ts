import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';
import { GraphError, resourceNotFound } from './errors.js';
import { PASSWORD_METHOD_ID } from './methods-shape.js';
import { callerOf, graphBaseUrl, odataContext, type GraphModule } from './plugin.js';

/*
 * Passwords on the Graph surface (issue 15):
 *   POST /me/changePassword                      the signed-in user's change (delegated tokens only)
 *   POST /users/{id}/authentication/methods/28c10230-…/resetPassword   an admin reset, as an operation
 *   GET  /users/{id}/authentication/operations/{id}                    polling it
 *   POST /users/{id}/revokeSignInSessions                               sign out everywhere
 * Each calls the same service as /api/v1 (password change, admin reset, revoke); the reset runs at
 * once and its operation is already settled when the 202 answers (docs/graph.md).
 */

/** How long a client is told to wait before polling (the operation is settled already: one second is only politeness). */
const RETRY_AFTER_SECONDS = '1';

/** The body's string field: absent is undefined, anything but a string is Graph's 400. */
function stringField(body: unknown, name: string, required: boolean): string | undefined {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  if (value === undefined || value === null) {
    if (required) throw new GraphError(400, 'Request_BadRequest', `Invalid value specified for property '${name}' of resource 'User'.`);
    return undefined;
  }
  if (typeof value !== 'string' || value.length > 1024) throw new GraphError(400, 'Request_BadRequest', `Invalid value specified for property '${name}'.`);
  return value;
}

/** The password routes: changePassword, resetPassword and its operation, revokeSignInSessions (errors in Graph's shape, from the services' AppErrors). */
export const passwordsModule: GraphModule = (deps) => async (graph) => {
  const { operations } = deps.services.graphPasswords;
  const targetIdOf = async (ref: string) => (await operations.resolveUser(ref))?.id ?? ref;
  const operationUrl = (request: FastifyRequest, userId: string, operationId: string) =>
    `${graphBaseUrl(request, deps.config)}/users/${userId}/authentication/operations/${operationId}`;

  graph.post('/me/changePassword', async (request, reply) => {
    const caller = callerOf(request);
    // Graph: changePassword is a delegated operation only; an app has no password of its own to change.
    if (caller.via?.kind !== 'delegated') throw new GraphError(403, 'Authorization_RequestDenied', 'Access to change password operation is denied.');
    const currentPassword = stringField(request.body, 'currentPassword', true)!;
    const newPassword = stringField(request.body, 'newPassword', true)!;
    try {
      await deps.services.passwordChange.changePassword(caller, { currentPassword, newPassword }, request.context);
    } catch (err) {
      // A wrong current password is a bad request on Graph, not a bad token (a 401 would make SDKs drop a valid token).
      if (err instanceof AppError && err.code === 'auth.invalid_credentials')
        throw new GraphError(400, 'Request_BadRequest', 'Invalid current password.', { messageKey: 'auth.invalid_credentials' });
      throw err;
    }
    return reply.code(204).send();
  });

  graph.post<{ Params: { id: string; methodId: string } }>('/users/:id/authentication/methods/:methodId/resetPassword', async (request, reply) => {
    const caller = callerOf(request);
    // Only the password method can be reset (Graph answers other method ids with 404).
    if (request.params.methodId !== PASSWORD_METHOD_ID) throw resourceNotFound(request.params.methodId);
    const newPassword = stringField(request.body, 'newPassword', false);
    const targetId = await targetIdOf(request.params.id);
    const { operation, generated } = await operations.resetPassword(caller, targetId, newPassword, request.context);
    reply
      .code(202)
      .header('location', operationUrl(request, operation.userId, operation.id))
      .header('retry-after', RETRY_AFTER_SECONDS)
      .header('cache-control', 'no-store');
    if (generated === null) return {};
    return { '@odata.context': odataContext(request, deps.config, 'microsoft.graph.passwordResetResponse'), newPassword: generated };
  });

  graph.get<{ Params: { id: string; operationId: string } }>('/users/:id/authentication/operations/:operationId', async (request) => {
    const caller = callerOf(request);
    const operation = await operations.operation(caller, await targetIdOf(request.params.id), request.params.operationId);
    return {
      '@odata.context': odataContext(request, deps.config, `users('${operation.userId}')/authentication/operations/$entity`),
      id: operation.id,
      createdDateTime: operation.createdAt.toISOString(),
      lastActionDateTime: operation.lastActionAt.toISOString(),
      resourceLocation: `${graphBaseUrl(request, deps.config)}/users/${operation.userId}/authentication/passwordMethods/${PASSWORD_METHOD_ID}`,
      status: operation.status,
      statusDetail: operation.statusDetail,
    };
  });

  graph.post<{ Params: { id: string } }>('/users/:id/revokeSignInSessions', async (request) => {
    const caller = callerOf(request);
    await deps.services.adminReset.revokeSessions(caller, await targetIdOf(request.params.id), request.context);
    return { '@odata.context': odataContext(request, deps.config, 'Edm.Boolean'), value: true };
  });
};
