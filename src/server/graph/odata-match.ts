import type { FilterNode } from './odata-types.js';

/*
 * A parsed `$filter` evaluated in memory, for small collections (roles, role assignments).
 * Directory semantics: strings compare without regard to case; `eq null` matches an unset value;
 * datetimes compare as instants.
 */

const ISO = /^\d{4}-\d{2}-\d{2}T/;

function normalise(value: unknown): string | number | boolean | null {
  if (value === undefined || value === null || value === '') return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return ISO.test(value) && !Number.isNaN(Date.parse(value)) ? new Date(Date.parse(value)).toISOString() : value.toLowerCase();
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return typeof value === 'bigint' ? Number(value) : null;
}

function compare(a: unknown, b: unknown): number | null {
  const x = normalise(a);
  const y = normalise(b);
  if (x === null || y === null || typeof x !== typeof y) return null;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether an entity matches the filter; `get` reads a property (or nested path) of it. A null filter matches everything. */
export function matchesFilter(filter: FilterNode | null, get: (property: string) => unknown): boolean {
  if (!filter) return true;
  switch (filter.op) {
    case 'and':
      return matchesFilter(filter.left, get) && matchesFilter(filter.right, get);
    case 'or':
      return matchesFilter(filter.left, get) || matchesFilter(filter.right, get);
    case 'eq':
    case 'ne': {
      const actual = normalise(get(filter.property));
      const equal = filter.value === null ? actual === null : compare(actual, filter.value) === 0;
      return filter.op === 'eq' ? equal : !equal;
    }
    case 'ge':
    case 'gt':
    case 'le':
    case 'lt': {
      const c = compare(get(filter.property), filter.value);
      if (c === null) return false;
      return filter.op === 'ge' ? c >= 0 : filter.op === 'gt' ? c > 0 : filter.op === 'le' ? c <= 0 : c < 0;
    }
    case 'startswith': {
      const actual = get(filter.property);
      return typeof actual === 'string' && actual.toLowerCase().startsWith(filter.value.toLowerCase());
    }
    case 'in':
      return filter.values.some((v) => compare(get(filter.property), v) === 0);
    case 'any': {
      const items = get(filter.collection);
      if (!Array.isArray(items)) return false;
      const read = (item: unknown): unknown => (filter.property ? pathGetter(item)(filter.property) : item);
      return items.some((item) => compare(read(item), filter.value) === 0);
    }
  }
}

/** Reads a property or a nested path such as 'initiatedBy/user/id' from a plain object. */
export function pathGetter(entity: unknown): (property: string) => unknown {
  return (property) => {
    let value: unknown = entity;
    for (const segment of property.split('/')) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[segment];
    }
    return value;
  };
}
