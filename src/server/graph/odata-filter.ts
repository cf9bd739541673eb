import { GraphError } from './errors.js';
import type { ComparisonOp, FilterNode, ODataField, ODataFields } from './odata-types.js';

/*
 * `$filter`: a recursive-descent parser for the OData subset Graph's directory supports
 * (eq ne ge le gt lt, startswith(), in (...), any(), and/or, parentheses, literals).
 * Bounded input (length, depth, clauses) so a hostile filter costs little (checklist R12).
 */

const MAX_LENGTH = 4000;
const MAX_DEPTH = 20;
const MAX_CLAUSES = 100;

type Token =
  | { kind: 'name'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'number'; value: number; text: string; at: number }
  | { kind: 'datetime' | 'guid'; text: string; at: number }
  | { kind: '(' | ')' | ',' | ':'; at: number };

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const COMPARISONS = new Set<string>(['eq', 'ne', 'ge', 'le', 'gt', 'lt']);

function syntaxError(filter: string, at: number): GraphError {
  return new GraphError(400, 'Request_BadRequest', `Invalid filter clause: Syntax error at position ${at} in '${filter}'.`);
}

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')' || c === ',' || c === ':') {
      tokens.push({ kind: c, at: i++ });
    } else if (c === "'") {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= filter.length) throw syntaxError(filter, i);
        if (filter[j] === "'") {
          if (filter[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += filter[j++];
      }
      tokens.push({ kind: 'string', text, at: i });
      i = j + 1;
    } else {
      const rest = filter.slice(i);
      const literal = /^[0-9A-Fa-f][0-9A-Za-z.:+-]*/.exec(rest)?.[0] ?? '';
      if (literal && GUID.test(literal)) tokens.push({ kind: 'guid', text: literal, at: i });
      else if (literal && DATETIME.test(literal)) tokens.push({ kind: 'datetime', text: literal, at: i });
      else if (/^-?\d/.test(rest)) {
        const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest)![0];
        tokens.push({ kind: 'number', value: Number(number), text: number, at: i });
        i += number.length;
        continue;
      } else {
        const name = /^[A-Za-z_$][A-Za-z0-9_$]*(\/[A-Za-z_$][A-Za-z0-9_$]*)*/.exec(rest)?.[0];
        if (!name) throw syntaxError(filter, i);
        tokens.push({ kind: 'name', text: name, at: i });
        i += name.length;
        continue;
      }
      i += literal.length;
    }
  }
  return tokens;
}

type Literal = string | number | boolean | null | { kind: 'datetime' | 'guid'; text: string };

/** Parses and checks a `$filter` against the resource's fields. @throws GraphError 400 Request_BadRequest (syntax, types) / Request_UnsupportedQuery (property or operator not allowed). */
export function parseFilter(filter: string, fields: ODataFields, resource: string): FilterNode {
  if (filter.length > MAX_LENGTH) throw new GraphError(400, 'Request_BadRequest', 'The filter clause is too long.');
  const tokens = tokenize(filter);
  let pos = 0;
  let clauses = 0;
  const lookup = new Map(Object.keys(fields).map((k) => [k.toLowerCase(), k]));

  const peek = (): Token | undefined => tokens[pos];
  const isWord = (t: Token | undefined, word: string): boolean => t?.kind === 'name' && t.text.toLowerCase() === word;
  const fail = (t: Token | undefined): GraphError => syntaxError(filter, t ? t.at : filter.length);
  const expect = (kind: Token['kind']): Token => {
    const t = tokens[pos];
    if (!t || t.kind !== kind) throw fail(t);
    pos++;
    return t;
  };
  const unsupported = (property: string): GraphError =>
    new GraphError(
      400,
      'Request_UnsupportedQuery',
      `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`,
    );
  const field = (name: string, op: string): [string, ODataField] => {
    const key = lookup.get(name.toLowerCase());
    const f = key ? fields[key] : undefined;
    if (!key || !f?.filter?.includes(op as never)) throw unsupported(name);
    if (++clauses > MAX_CLAUSES) throw new GraphError(400, 'Request_UnsupportedQuery', `Too many clauses in the filter: at most ${MAX_CLAUSES}.`);
    return [key, f];
  };

  const literal = (): Literal => {
    const t = peek();
    pos++;
    if (!t) throw fail(t);
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') return t.value;
    if (t.kind === 'datetime' || t.kind === 'guid') return { kind: t.kind, text: t.text };
    if (t.kind === 'name') {
      const word = t.text.toLowerCase();
      if (word === 'true' || word === 'false') return word === 'true';
      if (word === 'null') return null;
    }
    throw fail(t);
  };

  const or = (depth: number): FilterNode => {
    if (depth > MAX_DEPTH) throw new GraphError(400, 'Request_UnsupportedQuery', 'The filter clause is nested too deeply.');
    let left = and(depth);
    while (isWord(peek(), 'or')) {
      pos++;
      left = { op: 'or', left, right: and(depth) };
    }
    return left;
  };
  const and = (depth: number): FilterNode => {
    let left = primary(depth);
    while (isWord(peek(), 'and')) {
      pos++;
      left = { op: 'and', left, right: primary(depth) };
    }
    return left;
  };
  const primary = (depth: number): FilterNode => {
    const t = peek();
    if (t?.kind === '(') {
      pos++;
      const inner = or(depth + 1);
      expect(')');
      return inner;
    }
    if (t?.kind !== 'name') throw fail(t);
    pos++;
    const word = t.text.toLowerCase();
    if (word === 'not') throw new GraphError(400, 'Request_UnsupportedQuery', "The 'not' operator is not supported.");
    if (peek()?.kind === '(') {
      const segments = t.text.split('/');
      const fn = segments[segments.length - 1]!.toLowerCase();
      if (segments.length > 1 && fn === 'any') return lambda(segments.slice(0, -1).join('/'));
      if (segments.length === 1 && fn === 'startswith') return startsWith();
      throw new GraphError(400, 'Request_UnsupportedQuery', `Unsupported query function '${t.text}'.`);
    }
    const opToken = peek();
    pos++;
    const op = opToken?.kind === 'name' ? opToken.text.toLowerCase() : '';
    if (op === 'in') {
      const [property, f] = field(t.text, 'in');
      expect('(');
      const values: (string | number | boolean)[] = [];
      for (;;) {
        const v = coerce(literal(), f, property);
        if (v === null) throw unsupported(property);
        values.push(v);
        if (values.length > MAX_CLAUSES) throw new GraphError(400, 'Request_UnsupportedQuery', `Too many values in 'in': at most ${MAX_CLAUSES}.`);
        if (peek()?.kind === ',') pos++;
        else break;
      }
      expect(')');
      return { op: 'in', property, values };
    }
    if (!COMPARISONS.has(op)) throw fail(opToken);
    const [property, f] = field(t.text, op);
    const value = coerce(literal(), f, property);
    if (value === null && op !== 'eq' && op !== 'ne') throw unsupported(property);
    return { op: op as ComparisonOp, property, value };
  };
  const startsWith = (): FilterNode => {
    expect('(');
    const name = expect('name') as { text: string };
    expect(',');
    const [property, f] = field(name.text, 'startswith');
    const value = literal();
    expect(')');
    if (typeof value !== 'string' || f.type !== 'string') throw unsupported(property);
    return { op: 'startswith', property, value };
  };
  const lambda = (collection: string): FilterNode => {
    expect('(');
    const variable = (expect('name') as { text: string }).text;
    if (variable.includes('/')) throw fail(tokens[pos - 1]);
    expect(':');
    const path = expect('name') as { text: string; at: number };
    const [head, ...rest] = path.text.split('/');
    if (head !== variable) throw syntaxError(filter, path.at);
    if (!isWord(peek(), 'eq')) throw new GraphError(400, 'Request_UnsupportedQuery', "Only 'eq' is supported inside 'any'.");
    pos++;
    const key = rest.length ? `${collection}/${rest.join('/')}` : collection;
    const [canonical, f] = field(key, 'any');
    const value = coerce(literal(), f, canonical);
    expect(')');
    if (typeof value !== 'string') throw unsupported(canonical);
    const segments = canonical.split('/');
    const depth = collection.split('/').length;
    return { op: 'any', collection: segments.slice(0, depth).join('/'), property: segments.slice(depth).join('/'), value };
  };

  const tree = or(0);
  if (pos < tokens.length) throw fail(tokens[pos]);
  return tree;
}

/** A literal as the field's type (datetimes as ISO strings, guids lower case). */
function coerce(value: Literal, f: ODataField, property: string): string | number | boolean | null {
  if (value === null) return null;
  const mismatch = (): GraphError =>
    new GraphError(400, 'Request_BadRequest', `Invalid filter clause: the value given for property '${property}' is not of type '${edmType(f)}'.`);
  const text = typeof value === 'object' ? value.text : value;
  switch (f.type) {
    case 'string':
      if (typeof value !== 'string') throw mismatch();
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch();
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw mismatch();
      return value;
    case 'guid':
      if (typeof text !== 'string' || !GUID.test(text)) throw new GraphError(400, 'Request_BadRequest', `Invalid object identifier '${String(text)}'.`);
      return text.toLowerCase();
    case 'datetime': {
      const ms = typeof text === 'string' && DATETIME.test(text) ? Date.parse(text) : NaN;
      if (Number.isNaN(ms)) throw mismatch();
      return new Date(ms).toISOString();
    }
  }
}

function edmType(f: ODataField): string {
  return { string: 'Edm.String', boolean: 'Edm.Boolean', number: 'Edm.Int64', guid: 'Edm.Guid', datetime: 'Edm.DateTimeOffset' }[f.type];
}
