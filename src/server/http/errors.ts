import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../core/errors.js';
import { isDatabaseUnavailable } from '../db/kysely.js';
import { sendProblem } from './problem.js';
import { issuesFromValidation } from './validation.js';

/**
 * Every error leaves as problem+json with a catalogued code. Bad input is a 4xx, never a 500;
 * an unexpected error is logged with its stack and answered with a generic 500. A database out of
 * reach (restarting, refusing connections, out of disk, busy beyond its timeout) is a 503
 * `server.unavailable` with Retry-After, logged as a warning: the client may retry.
 */
export function registerErrorHandling(app: FastifyInstance, serveSpa: ((url: string) => boolean) | null): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'server.unavailable') request.log.warn({ err: error }, 'database unavailable');
    else if (appError.status >= 500 && appError.code !== 'server.busy') request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code }, 'request refused');
    return sendProblem(request, reply, appError);
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && serveSpa?.(request.url)) return reply.header('cache-control', 'no-store').sendFile('index.html');
    return sendProblem(request, reply, new AppError('request.not_found'));
  });
}

/** Long enough for a PostgreSQL restart or a freed disk, short enough not to keep people waiting. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

function toAppError(error: FastifyError | AppError): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error))
    return new AppError('server.unavailable', { headers: { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) }, cause: error });
  if (hasZodFastifySchemaValidationErrors(error)) return new AppError('request.validation_failed', { issues: issuesFromValidation(error.validation) });
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('request.too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('request.unsupported_media_type');
  }
  const status = error.statusCode ?? 500;
  if (status === 413) return new AppError('request.too_large');
  if (status === 415) return new AppError('request.unsupported_media_type');
  if (status === 404) return new AppError('request.not_found');
  if (status === 405) return new AppError('request.method_not_allowed');
  if (status >= 400 && status < 500) return new AppError('request.malformed');
  return new AppError('server.internal', { cause: error });
}
