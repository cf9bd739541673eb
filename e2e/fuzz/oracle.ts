import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { errorCodes } from '../../src/server/core/error-codes.js';
import type { OpenApiDoc, Operation, Schema } from './spec.js';

export type FailureKind =
  'server-error' | 'schema-mismatch' | 'undeclared-status' | 'not-problem-json' | 'unstable-code' | 'missing-header' | 'db-inconsistent';

export interface Verdict {
  kind: FailureKind;
  message: string;
}

/** The answer as the oracle sees it (a light.inject response). */
export interface Answer {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/**
 * Statuses any operation may answer without declaring them, because the framework answers them
 * before the route runs: an oversized or non-JSON body (413, 415), an unknown method (405). They
 * must still be problem+json with a catalogued code.
 */
const FRAMEWORK_STATUSES = new Set([405, 413, 415]);

const REQUIRED_HEADERS = [
  ['cache-control', 'no-store'],
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'no-referrer'],
] as const;

/**
 * Codes the shared HTTP layer answers before any route handler runs (http/auth.ts: no session,
 * CSRF, a limited session, the route's permission gate; the router and the validators: a bad
 * path, query or body). The document's description promises them for every operation, so an
 * operation need not list them; every other status must be declared.
 */
const SHARED_LAYER_CODES = new Set([
  'request.validation_failed',
  'request.malformed',
  'request.bad_url',
  'request.too_large',
  'request.unsupported_media_type',
  'request.method_not_allowed',
  'request.not_found',
  'auth.unauthenticated',
  'auth.csrf_failed',
  'auth.password_change_required',
  // A session still at the sign-in MFA step may only finish it (issue 17): any other route answers this.
  'auth.mfa_required',
  'auth.forbidden',
]);

/**
 * Checks every response against the document (checklist V-rows: "bad input is a 4xx problem, never a 500"):
 * no 5xx, a declared status, a body matching the declared schema, problem+json with a stable code on 4xx.
 */
export function createOracle(doc: OpenApiDoc) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema({ $id: 'urn:latchkey:openapi', components: doc.components ?? {} });
  const problem = ajv.compile(rewriteRefs({ $ref: '#/components/schemas/Problem' }));
  const cache = new Map<string, ValidateFunction>();

  function validatorFor(op: Operation, status: number, schema: Schema): ValidateFunction {
    const key = `${op.key} ${status}`;
    let fn = cache.get(key);
    if (!fn) {
      fn = ajv.compile(rewriteRefs(schema));
      cache.set(key, fn);
    }
    return fn;
  }

  return function judge(op: Operation, res: Answer): Verdict | null {
    const status = res.statusCode;
    const type = String(res.headers['content-type'] ?? '');
    if (status >= 500) return { kind: 'server-error', message: `${status} ${res.body.slice(0, 300)}` };
    // Every answer, error or not: never cached, never sniffed, no referrer (checklist T3-T5).
    for (const [name, value] of REQUIRED_HEADERS)
      if (res.headers[name] !== value) return { kind: 'missing-header', message: `${status} ${name}: ${String(res.headers[name])}` };
    const declared = op.responses.has(status);
    if (status >= 400) {
      if (!type.startsWith('application/problem+json')) return { kind: 'not-problem-json', message: `${status} content-type "${type}"` };
      let body: { code?: string; status?: number };
      try {
        body = JSON.parse(res.body) as typeof body;
      } catch {
        return { kind: 'not-problem-json', message: `${status} body is not JSON` };
      }
      if (!problem(body)) return { kind: 'not-problem-json', message: `${status} ${ajv.errorsText(problem.errors)}` };
      const code = body.code as keyof typeof errorCodes;
      if (!(code in errorCodes) || errorCodes[code] !== status || body.status !== status)
        return { kind: 'unstable-code', message: `${status} code "${String(body.code)}" (catalogue: ${errorCodes[code] ?? 'absent'})` };
      if (!declared && !FRAMEWORK_STATUSES.has(status) && !SHARED_LAYER_CODES.has(code))
        return { kind: 'undeclared-status', message: `${status} ${body.code} is not in the document` };
      return null;
    }
    if (!declared) return { kind: 'undeclared-status', message: `${status} is not in the document` };
    const schema = op.responses.get(status);
    if (!schema) return null;
    if (status === 204 || res.body === '') return { kind: 'schema-mismatch', message: `${status} has no body but declares one` };
    if (!type.startsWith('application/json')) return { kind: 'schema-mismatch', message: `${status} content-type "${type}" instead of application/json` };
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      return { kind: 'schema-mismatch', message: `${status} body is not JSON` };
    }
    const validate = validatorFor(op, status, schema);
    if (!validate(body)) return { kind: 'schema-mismatch', message: `${status} ${ajv.errorsText(validate.errors)}` };
    return null;
  };
}

export type Oracle = ReturnType<typeof createOracle>;

/** `#/components/schemas/X` → the registered document's `urn:latchkey:openapi#/components/schemas/X`. */
function rewriteRefs(schema: unknown): Schema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"urn:latchkey:openapi#/components/')) as Schema;
}
