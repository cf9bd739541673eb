import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type HeaderSetter = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * The security headers of every response, computed once (checklist T2-T5; ASVS 3.4). Set in one
 * onSend hook rather than by a plugin per request: they never vary, and sign-in is a hot path.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  const set = securityHeaders(options);
  app.addHook('onSend', async (request, reply) => set(request, reply));
}

/**
 * Sets the security headers on one reply. The onSend hook uses it, and so do the answers the
 * router gives before any hook runs (an undecodable or over-long path), which would otherwise go
 * out bare (checklist T4, T5).
 */
export function securityHeaders(options: { https: boolean }): HeaderSetter {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // Fluent UI (Griffel) injects style elements at run time; scripts stay strictly 'self'.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'self'",
  ].join('; ');
  const headers: Record<string, string> = {
    'content-security-policy': csp,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'x-dns-prefetch-control': 'off',
    'x-permitted-cross-domain-policies': 'none',
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
  const entries = Object.entries(headers);
  return (request, reply) => {
    for (const [name, value] of entries) reply.header(name, value);
    reply.header('x-request-id', request.id);
    // Nothing from the API or the auth pages is cached (checklist T3); built assets are, by their hashed names.
    if (!request.url.startsWith('/assets/')) reply.header('cache-control', 'no-store');
  };
}
