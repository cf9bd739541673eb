import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../core/errors.js';
import type { ErrorCode } from '../core/error-codes.js';
import { isDatabaseUnavailable } from '../db/kysely.js';
import { isLocale, negotiateLocale, t, type Locale } from '../i18n/index.js';

/*
 * Errors in Microsoft Graph's shape (concepts/errors.md):
 *   { "error": { "code", "message", "innerError": { "date", "request-id", "client-request-id" } } }
 * Graph's codes are strings such as Request_ResourceNotFound; the HTTP status travels beside them.
 * A Latchkey AppError keeps its status and gets Graph's code for its kind; its message is
 * Latchkey's localised title. Errors only Graph has (an unsupported query, a bad token) are
 * GraphErrors with Graph's own wording.
 */

/** Graph's error codes that Latchkey answers with. */
export type GraphErrorCode =
  | 'Request_BadRequest'
  | 'Request_ResourceNotFound'
  | 'Request_UnsupportedQuery'
  | 'Authorization_RequestDenied'
  | 'Authentication_MissingOrMalformed'
  | 'InvalidAuthenticationToken'
  | 'Request_MultipleObjectsWithSameKeyValue'
  | 'TooManyRequests'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'ServiceUnavailable'
  | 'generalException';

/** An error only the Graph surface has; `message` is Graph's English wording unless `messageKey` names Latchkey's localised text. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: GraphErrorCode,
    message: string,
    readonly options: { headers?: Record<string, string>; messageKey?: string; params?: Record<string, string | number> } = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** Graph's 404 for an id that names nothing (the id cut to 64 characters in the message). */
export function resourceNotFound(id: string): GraphError {
  return new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id.slice(0, 64)}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** Graph's code for each kind of Latchkey error (by code, else by status). */
const graphCodeOf: Partial<Record<ErrorCode, GraphErrorCode>> = {
  'auth.unauthenticated': 'InvalidAuthenticationToken',
  'auth.forbidden': 'Authorization_RequestDenied',
  'auth.step_up_required': 'Authorization_RequestDenied',
  'auth.password_change_required': 'Authorization_RequestDenied',
  'users.reset_not_permitted': 'Authorization_RequestDenied',
  'users.cannot_reset_self': 'Authorization_RequestDenied',
  'roles.assignment_not_permitted': 'Authorization_RequestDenied',
  'users.upn_taken': 'Request_MultipleObjectsWithSameKeyValue',
  'users.mail_taken': 'Request_MultipleObjectsWithSameKeyValue',
  'request.rate_limited': 'TooManyRequests',
  'request.too_large': 'RequestEntityTooLarge',
  'request.unsupported_media_type': 'UnsupportedMediaType',
};

function codeForStatus(status: number): GraphErrorCode {
  if (status === 401) return 'InvalidAuthenticationToken';
  if (status === 403) return 'Authorization_RequestDenied';
  if (status === 404 || status === 410) return 'Request_ResourceNotFound';
  if (status === 409) return 'Request_BadRequest';
  if (status === 429) return 'TooManyRequests';
  if (status === 503) return 'ServiceUnavailable';
  if (status >= 500) return 'generalException';
  return 'Request_BadRequest';
}

/** Graph keeps the same status for a conflict it reports as a bad request; Latchkey's 409s stay 409 except the duplicate-key ones, which Graph answers with 400. */
function statusFor(error: AppError): number {
  return error.code === 'users.upn_taken' || error.code === 'users.mail_taken' ? 400 : error.status;
}

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    /** Latchkey's own error code when the error came from a service, for scripts that want the detail. */
    latchkeyCode?: string;
    details?: { code: string; message: string; target: string }[];
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
}

/** Turns anything thrown by a Graph route into Graph's error body and status (never a stack). */
export function graphErrorOf(error: unknown, request: FastifyRequest): { status: number; body: GraphErrorBody; headers: Record<string, string> } {
  const locale = localeOf(request);
  const clientRequestId = header(request, 'client-request-id');
  const innerError = { date: new Date().toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': request.id, 'client-request-id': clientRequestId ?? request.id };
  if (error instanceof GraphError) {
    const message = error.options.messageKey ? t(locale, error.options.messageKey, error.options.params ?? {}) : error.message;
    return { status: error.status, body: { error: { code: error.code, message, innerError } }, headers: error.options.headers ?? {} };
  }
  const app = toAppError(error);
  const details = app.issues.length ? app.issues.map((i) => ({ code: i.code, message: t(locale, i.code, i.params ?? {}), target: i.path })) : undefined;
  return {
    status: statusFor(app),
    headers: app.headers,
    body: {
      error: {
        code: graphCodeOf[app.code] ?? codeForStatus(app.status),
        message: t(locale, app.code, app.params),
        latchkeyCode: app.code,
        ...(details ? { details } : {}),
        innerError,
      },
    },
  };
}

/** Sends a Graph error; a 5xx is logged with its cause, the rest at info. */
export function sendGraphError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const { status, body, headers } = graphErrorOf(error, request);
  if (status >= 500 && status !== 503) request.log.error({ err: error }, 'graph request failed');
  else request.log.info({ code: body.error.code }, 'graph request refused');
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  return reply.code(status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(JSON.stringify(body));
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new AppError('server.unavailable', { headers: { 'retry-after': '5' }, cause: error });
  const e = error as { code?: string; statusCode?: number; validation?: unknown };
  if (hasZodFastifySchemaValidationErrors(e)) return new AppError('request.validation_failed');
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413) return new AppError('request.too_large');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.statusCode === 415) return new AppError('request.unsupported_media_type');
  if (e.statusCode === 404) return new AppError('request.not_found');
  if (e.statusCode === 405) return new AppError('request.method_not_allowed');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new AppError('request.malformed');
  return new AppError('server.internal', { cause: error });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && /^[\w.:-]{1,100}$/.test(value) ? value : undefined;
}

function localeOf(request: FastifyRequest): Locale {
  return isLocale(request.locale) ? request.locale : negotiateLocale(request.headers['accept-language']);
}
