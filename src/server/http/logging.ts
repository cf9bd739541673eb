import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';

/**
 * Secrets never reach the log (ASVS 16.2.5; checklist AU3): cookies, CSRF tokens and any
 * password-, token- or code-like field are censored wherever they appear, and query strings are
 * reduced to their keys. log-redaction.test.ts greps real output for a canary.
 */
export const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.csrfToken',
  '*.code',
  '*.secret',
  '*.answer',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/** Path segments that are bearer secrets: a reset portal flow's id is the flow's token. */
const secretSegments = /(\/recovery\/flows\/)[^/?]+/;

/** Keeps the path (without bearer tokens) and the names of query parameters, never their values. */
export function redactUrl(rawUrl: string): string {
  const url = rawUrl.replace(secretSegments, '$1…');
  const q = url.indexOf('?');
  if (q === -1) return url;
  const keys = url
    .slice(q + 1)
    .split('&')
    .map((pair) => pair.split('=')[0])
    .filter(Boolean);
  return `${url.slice(0, q)}?${keys.map((k) => `${k}=…`).join('&')}`;
}
