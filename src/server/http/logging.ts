import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';
import { newId } from '../core/crypto.js';

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
  '*.directoryBindPassword',
  'directoryBindPassword',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip, clientRequestId: clientRequestId(req) }),
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

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** proxy-addr's names for address ranges, as Fastify's trustProxy accepts them. */
const namedRanges: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** The trusted proxies (addresses, CIDR ranges or proxy-addr's names) as a set to test a TCP peer against. */
export function trustedPeers(trustedProxies: readonly string[]): (address: string | undefined) => boolean {
  const list = new BlockList();
  for (const entry of trustedProxies.flatMap((e) => namedRanges[e] ?? [e])) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(address)) continue;
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return (address) => !!address && isIP(address) !== 0 && list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The correlation id of a request (issue 12 finding 11; checklist AU3): a client's
 * `X-Request-Id` is taken only when the TCP peer is a trusted proxy (which sets it); from anyone
 * else the server makes its own, and the client's value is logged beside it as `clientRequestId`.
 */
export function requestIdGenerator(trustedProxies: readonly string[]): (req: IncomingMessage) => string {
  const trusted = trustedPeers(trustedProxies);
  return (req) => {
    const incoming = req.headers['x-request-id'];
    return typeof incoming === 'string' && REQUEST_ID.test(incoming) && trusted(req.socket?.remoteAddress) ? incoming : newId();
  };
}

/** What the client sent as `X-Request-Id` when it is not the request's id: logged, never stored as the correlation id. */
export function clientRequestId(req: Pick<FastifyRequest, 'headers' | 'id'>): string | undefined {
  const sent = req.headers['x-request-id'];
  const value = Array.isArray(sent) ? sent.join(',') : sent;
  return value !== undefined && value !== req.id ? value.slice(0, 128) : undefined;
}
