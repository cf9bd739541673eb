import type { FailureKind } from './oracle.js';

/**
 * Findings reported to their owners (/tmp/briefs/fuzz-findings.md) and not yet fixed. Each entry
 * excludes the failures it matches from the failure count, by name; the run still prints how often
 * each was seen, and names an entry that matched nothing (stale: remove it). The lead removes an
 * entry when its fix lands.
 */
export interface KnownFinding {
  id: string;
  /** Operation key ("POST /api/v1/auth/sign-in"), or a pattern over it. */
  op: string | RegExp;
  kind: FailureKind;
  /** Matched against the failure message. */
  message: RegExp;
  /** Matched against the request (method, URL and body as sent), when given. */
  request?: RegExp;
  /** Only on this engine, when given. */
  engine?: 'sqlite' | 'postgres';
  owner: string;
}

export const knownFindings: readonly KnownFinding[] = [];

export function knownFindingFor(engine: string, op: string, kind: FailureKind, message: string, request: string): KnownFinding | undefined {
  return knownFindings.find(
    (k) =>
      (typeof k.op === 'string' ? k.op === op : k.op.test(op)) &&
      k.kind === kind &&
      k.message.test(message) &&
      (!k.request || k.request.test(request)) &&
      (!k.engine || k.engine === engine),
  );
}
