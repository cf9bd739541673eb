import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/*
 * OAuth errors in Microsoft identity platform's shape (issue 15), so MSAL and @azure/identity
 * read them as they read Entra's: `error`, `error_description` beginning with an AADSTS code,
 * `error_codes`, `timestamp`, `trace_id`, `correlation_id`.
 */

export interface OAuthErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
}

/** Entra's timestamp format: `2026-03-01 09:00:00Z`. */
export function aadTimestamp(at: Date): string {
  return at
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** The body of an OAuth error; `code` is the AADSTS number, `text` its sentence. */
export function oauthErrorBody(error: string, code: number, text: string, at: Date, correlationId?: string): OAuthErrorBody {
  const traceId = randomUUID();
  const correlation = correlationId && /^[0-9a-f-]{36}$/i.test(correlationId) ? correlationId : randomUUID();
  const timestamp = aadTimestamp(at);
  return {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
  };
}

/** Writes an OAuth error to a raw response (the OAuth routes answer outside Fastify's reply). */
export function writeOAuthError(res: ServerResponse, status: number, body: OAuthErrorBody, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache', ...headers });
  res.end(JSON.stringify(body));
}

/** Entra's AADSTS numbers for the errors Latchkey's OAuth server gives before the library runs. */
export const aadsts = {
  tenantNotFound: 90002,
  appNotFound: 700016,
  appDisabled: 7000112,
  invalidSecret: 7000215,
  expiredSecret: 7000222,
  missingCredential: 7000218,
  publicClientSecret: 700025,
  noCertificate: 700027,
  noConsent: 65001,
  throttled: 50196,
  /** Errors the library reports (invalid_grant, invalid_scope, ...), mapped by `error`. */
  invalidGrant: 70000,
  invalidScope: 70011,
  invalidRequest: 900144,
  unauthorizedClient: 700016,
  invalidClient: 7000215,
  other: 50000,
} as const;

/** The AADSTS number for an error the library answered with. */
export function aadstsFor(error: string): number {
  switch (error) {
    case 'invalid_grant':
      return aadsts.invalidGrant;
    case 'invalid_scope':
    case 'invalid_target':
      return aadsts.invalidScope;
    case 'invalid_request':
      return aadsts.invalidRequest;
    case 'unauthorized_client':
      return aadsts.unauthorizedClient;
    case 'invalid_client':
      return aadsts.invalidClient;
    case 'authorization_pending':
      return 70016;
    case 'expired_token':
      return 70020;
    case 'access_denied':
      return 70019;
    case 'slow_down':
      return 70016;
    default:
      return aadsts.other;
  }
}
