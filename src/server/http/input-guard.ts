import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type Issue } from '../core/errors.js';

/** Deeper than any request body the API accepts; the walk stops there rather than recursing without bound. */
const MAX_DEPTH = 64;

/**
 * The path of the first string or object key holding U+0000 in a parsed value, or null.
 * Iterative, so a deeply nested body cannot exhaust the stack.
 */
export function findNul(value: unknown, root: string): string | null {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (v && typeof v === 'object' && depth < MAX_DEPTH) {
      for (const [key, child] of Object.entries(v)) {
        const at = path ? `${path}.${key}` : key;
        if (key.includes('\u0000')) return at;
        stack.push([child, at, depth + 1]);
      }
    }
  }
  return null;
}

/**
 * Refuses U+0000 anywhere in a request's path parameters, query or body with a 400 before any
 * route sees it (checklist I7). PostgreSQL cannot store it in text, so it used to reach a query
 * and come back as a 500; no field of the API has a use for it on either engine.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const path = findNul(request.params, 'params') ?? findNul(request.query, 'query') ?? findNul(request.body, '');
    if (path === null) return;
    const issue: Issue = { path: path.replace(/^(params|query)\./, ''), code: 'field.invalid' };
    throw new AppError('request.validation_failed', { issues: [issue] });
  });
}
