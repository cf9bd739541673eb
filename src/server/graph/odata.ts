import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/schema.js';
import { seal, unseal } from '../core/crypto.js';
import { GraphError } from './errors.js';
import { parseFilter } from './odata-filter.js';
import type { FilterNode, ODataOptions, ODataQuery } from './odata-types.js';
import { GRAPH_PREFIXES, graphBaseUrl } from './plugin.js';

export type { ComparisonOp, FilterNode, FilterOp, ODataField, ODataFields, ODataOptions, ODataQuery } from './odata-types.js';
export { matchesFilter, pathGetter } from './odata-match.js';

/*
 * The query options of Graph's list routes ($select, $filter, $top, $count, $search, $orderby,
 * $skiptoken; concepts/query-parameters.md, aad-advanced-queries.md) with Graph's errors.
 * The `$` prefix is optional, as in Graph; option names are case-insensitive.
 */

const SUPPORTED = new Set(['select', 'filter', 'top', 'count', 'search', 'orderby', 'skiptoken']);
const KNOWN_UNSUPPORTED = new Set(['skip', 'expand', 'apply', 'compute', 'format', 'levels', 'index', 'deltatoken']);

/** The query options of the request, each given at most once. @throws GraphError 400 Request_BadRequest. */
function queryOptions(request: FastifyRequest): Map<string, string> {
  const options = new Map<string, string>();
  for (const [rawName, value] of new URL(request.url, 'http://x').searchParams) {
    const dollar = rawName.startsWith('$');
    const name = (dollar ? rawName.slice(1) : rawName).toLowerCase();
    if (KNOWN_UNSUPPORTED.has(name) && (dollar || name === 'skip'))
      throw new GraphError(400, 'Request_BadRequest', `'$${name}' is not supported by the service.`);
    if (!SUPPORTED.has(name)) {
      if (dollar) throw new GraphError(400, 'Request_BadRequest', `The query parameter '${rawName}' is not supported.`);
      continue;
    }
    if (options.has(name))
      throw new GraphError(400, 'Request_BadRequest', `Query option '$${name}' was specified more than once, but it must be specified at most once.`);
    options.set(name, value);
  }
  return options;
}

/**
 * Parses a Graph list request's query options against the resource's fields.
 * @throws GraphError 400 Request_BadRequest (syntax, $top out of range, $skip, unknown $select property)
 *   or Request_UnsupportedQuery (a property or operator the resource does not allow, an advanced query without `ConsistencyLevel: eventual`).
 */
export function parseODataQuery(request: FastifyRequest, options: ODataOptions): ODataQuery {
  const resource = options.resource ?? 'User';
  const fieldList = Object.values(options.fields);
  const q = queryOptions(request);
  const eventual = String(request.headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';

  const top = parseTop(q.get('top'), options.defaultTop ?? 100, options.maxTop ?? 999);
  const countText = q.get('count')?.toLowerCase();
  if (countText !== undefined && countText !== 'true' && countText !== 'false')
    throw new GraphError(400, 'Request_BadRequest', `Invalid value '${q.get('count')}' for $count query option found.`);
  const count = countText === 'true';
  if (count && options.count === false) throw new GraphError(400, 'Request_BadRequest', "'$count' is not supported by the service.");

  const select = parseSelect(q.get('select'), options.selectable, resource);
  const filterText = q.get('filter');
  const filter = filterText === undefined || filterText.trim() === '' ? null : parseFilter(filterText, options.fields, resource);
  const searchText = q.get('search');
  const searchAllowed = options.search ?? fieldList.some((f) => f.search);
  if (searchText !== undefined && !searchAllowed) throw new GraphError(400, 'Request_BadRequest', "'$search' is not supported by the service.");
  const search = searchText === undefined ? null : parseSearch(searchText, options);
  const orderText = q.get('orderby');
  const orderAllowed = options.orderBy ?? fieldList.some((f) => f.orderBy);
  if (orderText !== undefined && !orderAllowed) throw new GraphError(400, 'Request_BadRequest', "'$orderby' is not supported by the service.");
  const orderBy = orderText === undefined ? [] : parseOrderBy(orderText, options, resource);
  const skipToken = q.get('skiptoken') ?? null;

  if (options.advancedNeedsEventual) {
    const refuse = (message: string): never => {
      throw new GraphError(400, 'Request_UnsupportedQuery', message);
    };
    if (search && !eventual)
      refuse("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
    if (count && !eventual) refuse('$count is not currently supported.');
    const advanced = eventual && count;
    if (filter && usesNe(filter) && !advanced) refuse("Unsupported property filter clause operator 'NotEqualsMatch'.");
    if (filter && orderBy.length && !advanced) refuse('Sorting not supported for current query.');
  }
  return { select, filter, top, count, search, orderBy, skipToken, eventual };
}

function parseTop(text: string | undefined, defaultTop: number, maxTop: number): number {
  if (text === undefined) return defaultTop;
  const top = /^\s*\d{1,9}\s*$/.test(text) ? Number(text) : NaN;
  if (!(top >= 1 && top <= maxTop))
    throw new GraphError(400, 'Request_BadRequest', `Invalid page size specified: '${text}'. Must be between 1 and ${maxTop} inclusive.`);
  return top;
}

function entityType(resource: string): string {
  return `microsoft.graph.${resource.charAt(0).toLowerCase()}${resource.slice(1)}`;
}

function parseSelect(text: string | undefined, selectable: readonly string[], resource: string): string[] | null {
  if (text === undefined || text.trim() === '') return null;
  const lookup = new Map(selectable.map((p) => [p.toLowerCase(), p]));
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (name === '*') {
      for (const p of selectable) if (!out.includes(p)) out.push(p);
      continue;
    }
    const canonical = lookup.get(name.toLowerCase());
    if (!canonical)
      throw new GraphError(
        400,
        'Request_BadRequest',
        `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type '${entityType(resource)}'.`,
      );
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}

/** `"displayName:wa" AND "mail:contoso"`: quoted `property:term` clauses joined by AND. */
function parseSearch(text: string, options: ODataOptions): { property: string; term: string }[] {
  const bad = (): GraphError => new GraphError(400, 'Request_BadRequest', `Syntax error: invalid $search clause '${text.slice(0, 200)}'.`);
  const lookup = new Map(
    Object.entries(options.fields)
      .filter(([, f]) => f.search)
      .map(([k]) => [k.toLowerCase(), k]),
  );
  const clauses: { property: string; term: string }[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (text[i] === ' ') i++;
  };
  for (;;) {
    skipSpace();
    if (text[i] !== '"') throw bad();
    let clause = '';
    for (i++; ; i++) {
      if (i >= text.length) throw bad();
      if (text[i] === '\\' && i + 1 < text.length) clause += text[++i];
      else if (text[i] === '"') break;
      else clause += text[i];
    }
    i++;
    const colon = clause.indexOf(':');
    const property = colon > 0 ? lookup.get(clause.slice(0, colon).trim().toLowerCase()) : undefined;
    if (!property) throw new GraphError(400, 'Request_UnsupportedQuery', `Invalid search property '${colon > 0 ? clause.slice(0, colon) : clause}'.`);
    const term = clause.slice(colon + 1).trim();
    if (!term) throw bad();
    clauses.push({ property, term });
    if (clauses.length > 10) throw new GraphError(400, 'Request_UnsupportedQuery', 'Too many $search clauses: at most 10.');
    skipSpace();
    if (i >= text.length) return clauses;
    const word = /^[A-Za-z]+/.exec(text.slice(i))?.[0] ?? '';
    if (word.toUpperCase() === 'OR' || word.toUpperCase() === 'NOT')
      throw new GraphError(400, 'Request_UnsupportedQuery', `'${word}' is not supported in $search; use AND.`);
    if (word.toUpperCase() !== 'AND') throw bad();
    i += word.length;
  }
}

function parseOrderBy(text: string, options: ODataOptions, resource: string): { property: string; desc: boolean }[] {
  const lookup = new Map(
    Object.entries(options.fields)
      .filter(([, f]) => f.orderBy)
      .map(([k]) => [k.toLowerCase(), k]),
  );
  const out: { property: string; desc: boolean }[] = [];
  for (const raw of text.split(',')) {
    const m = /^\s*([A-Za-z_$][A-Za-z0-9_$/]*)(?:\s+(asc|desc))?\s*$/i.exec(raw);
    if (!m) throw new GraphError(400, 'Request_BadRequest', `Syntax error in $orderby: '${text.slice(0, 200)}'.`);
    const property = lookup.get(m[1]!.toLowerCase());
    if (!property) throw new GraphError(400, 'Request_UnsupportedQuery', `Sorting by property '${m[1]}' of resource '${resource}' is not supported.`);
    if (out.some((o) => o.property === property)) throw new GraphError(400, 'Request_BadRequest', `Property '${property}' appears more than once in $orderby.`);
    out.push({ property, desc: m[2]?.toLowerCase() === 'desc' });
  }
  return out;
}

function usesNe(node: FilterNode): boolean {
  if (node.op === 'and' || node.op === 'or') return usesNe(node.left) || usesNe(node.right);
  return node.op === 'ne';
}

/** The entity with only the selected properties (or the defaults), unset ones as null, as Graph answers. */
export function selectProperties(entity: Record<string, unknown>, select: string[] | null, defaults: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of select ?? defaults) out[key] = entity[key] ?? null;
  return out;
}

const SKIP_TOKEN_PURPOSE = 'graph-skiptoken';

/** An opaque, tamper-proof `$skiptoken` for a keyset position (AES-GCM under the server secret: the position's values stay private; checklist S9). */
export function sealSkipToken(secret: string, position: unknown): string {
  return seal(secret, SKIP_TOKEN_PURPOSE, JSON.stringify(position));
}

/** The position sealed in a `$skiptoken`, or null when it was altered, sealed elsewhere or is not one. */
export function openSkipToken(secret: string, token: string): unknown {
  if (token.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  try {
    return JSON.parse(unseal(secret, SKIP_TOKEN_PURPOSE, token)) as unknown;
  } catch {
    return null;
  }
}

/** The query's position (null on the first page). @throws GraphError 400 Request_BadRequest when the token is not one of ours. */
export function requireSkipToken(secret: string, query: Pick<ODataQuery, 'skipToken'>): unknown {
  if (query.skipToken === null) return null;
  const position = openSkipToken(secret, query.skipToken);
  if (position === null) throw new GraphError(400, 'Request_BadRequest', "Invalid value for query option '$skiptoken'.");
  return position;
}

/** `@odata.nextLink`: the same request (path and query, as the client encoded them) with `$skiptoken` set. */
export function nextLinkFor(request: FastifyRequest, config: Pick<Config, 'publicUrl'>, skipToken: string): string {
  const [path = '', query = ''] = request.url.split(/\?(.*)/s, 2);
  const prefix = GRAPH_PREFIXES.find((p) => path === p || path.startsWith(p + '/')) ?? '';
  const kept = query.split('&').filter((part) => {
    if (!part) return false;
    const name = safeDecode(part.split('=')[0]!).toLowerCase();
    return name !== '$skiptoken' && name !== 'skiptoken';
  });
  kept.push(`$skiptoken=${encodeURIComponent(skipToken)}`);
  return `${graphBaseUrl(request, config)}${path.slice(prefix.length)}?${kept.join('&')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
