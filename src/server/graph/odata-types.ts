/*
 * The types of the Graph surface's OData subset (odata.ts parses, odata-filter.ts builds the tree,
 * odata-match.ts evaluates it in memory). Property names are Graph's; nested paths such as
 * 'initiatedBy/user/id' are keys of their own. A lambda `targetResources/any(t: t/id eq 'x')` is
 * allowed when the field 'targetResources/id' lists 'any' (for a collection of primitives such as
 * `otherMails/any(m: m eq 'x')`, the field is the collection itself: 'otherMails').
 */

export type FilterOp = 'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt' | 'startswith' | 'in' | 'any';

export interface ODataField {
  type: 'string' | 'boolean' | 'datetime' | 'guid' | 'number';
  /** The filter operators Graph allows on this property (none: not filterable). */
  filter?: readonly FilterOp[];
  orderBy?: boolean;
  /** Usable in `$search="property:term"`. */
  search?: boolean;
}

/** Graph property name (or nested path) → what the query language may do with it. */
export type ODataFields = Record<string, ODataField>;

export type ComparisonOp = 'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt';

export type FilterNode =
  | { op: 'and'; left: FilterNode; right: FilterNode }
  | { op: 'or'; left: FilterNode; right: FilterNode }
  | { op: ComparisonOp; property: string; value: string | number | boolean | null }
  | { op: 'startswith'; property: string; value: string }
  | { op: 'in'; property: string; values: (string | number | boolean)[] }
  /** `collection/any(t: t/property eq 'value')`; `property` is '' for `any(t: t eq 'value')`. */
  | { op: 'any'; collection: string; property: string; value: string };

export interface ODataQuery {
  /** Canonical property names, in the order asked; null: the resource's default set. */
  select: string[] | null;
  filter: FilterNode | null;
  top: number;
  count: boolean;
  /** `$search="displayName:wa" AND "mail:x"`: every clause must match. */
  search: { property: string; term: string }[] | null;
  orderBy: { property: string; desc: boolean }[];
  /** The raw `$skiptoken`; open it with openSkipToken (or requireSkipToken). */
  skipToken: string | null;
  /** The request carried `ConsistencyLevel: eventual`. */
  eventual: boolean;
}

export interface ODataOptions {
  fields: ODataFields;
  /** Every property `$select` may name (canonical spelling). */
  selectable: readonly string[];
  /** Graph's resource name in error messages ("... of resource 'User'"); default 'User'. */
  resource?: string;
  /** Default 100. */
  defaultTop?: number;
  /** Default 999. */
  maxTop?: number;
  /** Whether `$search` is supported (default: some field has `search`). */
  search?: boolean;
  /** Whether `$orderby` is supported (default: some field has `orderBy`). */
  orderBy?: boolean;
  /** Whether `$count=true` is supported (default true). */
  count?: boolean;
  /** Graph's directory objects: `$search`, `$count`, `ne`, and `$orderby` with `$filter` need `ConsistencyLevel: eventual` (the last two also `$count=true`). */
  advancedNeedsEventual?: boolean;
}
