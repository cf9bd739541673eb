import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppError, Issue } from '../core/errors.js';
import { isLocale, negotiateLocale, t, type Locale } from '../i18n/index.js';
import type { Problem } from '../../shared/problem.js';

/** RFC 9457 problem details with Latchkey's extensions `code` and `issues` (the shared {@link Problem}). */
export function problemOf(error: AppError, locale: Locale, requestId: string): Problem {
  const problem: Problem = {
    type: `urn:latchkey:problem:${error.code}`,
    title: t(locale, error.code, error.params),
    status: error.status,
    code: error.code,
    instance: `urn:latchkey:request:${requestId}`,
  };
  if (error.issues.length) problem.issues = error.issues.map((i: Issue) => ({ path: i.path, code: i.code, message: t(locale, i.code, i.params ?? {}) }));
  return problem;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply
    .code(error.status)
    .header('cache-control', 'no-store')
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(problemOf(error, localeOf(request), request.id)));
}

/** The request's negotiated locale; router-level errors arrive before the hook that sets it. */
function localeOf(request: FastifyRequest): Locale {
  return isLocale(request.locale) ? request.locale : negotiateLocale(request.headers['accept-language']);
}
