/** The parts of the OpenAPI 3.1 document the fuzzer reads (what @fastify/swagger writes from the zod schemas). */
export type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
  propertyNames?: Schema;
  [key: string]: unknown;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

export interface ResponseSpec {
  content?: Record<string, { schema?: Schema }>;
}

export interface OpenApiDoc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> }; responses?: Record<string, ResponseSpec> }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

/** One operation of the document, flattened: what the generator and the oracle need. */
export interface Operation {
  /** "POST /api/v1/users/{id}/unlock": the name failures are counted under. */
  key: string;
  method: string;
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body: Schema | null;
  bodyRequired: boolean;
  /** Declared statuses, each with its JSON schema (null: declared without a JSON body). */
  responses: Map<number, Schema | null>;
}

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const params = op.parameters ?? [];
      const responses = new Map<number, Schema | null>();
      for (const [status, spec] of Object.entries(op.responses ?? {})) responses.set(Number(status), spec.content?.['application/json']?.schema ?? null);
      const json = op.requestBody?.content['application/json'];
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        body: json?.schema ?? null,
        bodyRequired: op.requestBody?.required ?? false,
        responses,
      });
    }
  }
  return ops.sort((a, b) => a.key.localeCompare(b.key));
}

/** Follows `#/components/schemas/X` references (one level at a time, as often as needed). */
export function deref(doc: OpenApiDoc, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; s.$ref && i < 16; i++) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(s.$ref)?.[1];
    const target = name ? doc.components?.schemas?.[name] : undefined;
    if (!target) throw new Error(`unresolvable $ref ${s.$ref}`);
    s = target;
  }
  return s;
}
