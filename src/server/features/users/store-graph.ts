import { sql, type ExpressionBuilder, type Expression, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { Database, UserTable } from '../../db/types.js';
import type { User } from '../../core/identity.js';
import { identifierKey, sortKey } from './model.js';
import { searchWords } from './search-tokens.js';
import { packedUserColumn, unpackUser } from './store-packed.js';

/*
 * The user store's query for Microsoft Graph's `GET /users` (issue 15): a filter tree on Graph's
 * property names, `$search` through the admin centre's word index (user_search_token, the same
 * index range per word as store-list.ts), and keyset paging on the display-name or UPN key
 * (indexes app_user_display_name_key and upn_key's unique index). Part of the UserStore.
 */

/** The filter tree (the same shape as the Graph layer's parsed `$filter`; property names are Graph's). */
export type UserFilterNode =
  | { op: 'and'; left: UserFilterNode; right: UserFilterNode }
  | { op: 'or'; left: UserFilterNode; right: UserFilterNode }
  | { op: 'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt'; property: string; value: string | number | boolean | null }
  | { op: 'startswith'; property: string; value: string }
  | { op: 'in'; property: string; values: (string | number | boolean)[] }
  | { op: 'any'; collection: string; property: string; value: string };

export interface UserGraphWhere {
  filter: UserFilterNode | null;
  /** Every clause must match: a word-prefix search of the property. */
  search: { property: string; term: string }[] | null;
}

/** Where a page ends: the sort key and id of its last user. */
export interface UserGraphPosition {
  key: string;
  id: string;
}

export interface UserGraphQuery extends UserGraphWhere {
  orderBy: { property: 'displayName' | 'userPrincipalName'; desc: boolean };
  limit: number;
  after: UserGraphPosition | null;
}

export interface UserGraphQueries {
  /** A page of users matching Graph's filter and search, and where the next page starts (null: last page). */
  graphList(query: UserGraphQuery): Promise<{ items: User[]; next: UserGraphPosition | null }>;
  /** How many users match. */
  graphCount(where: UserGraphWhere): Promise<number>;
}

type EB = ExpressionBuilder<Database, 'app_user'>;
type Column = 'upn_key' | 'mail_key' | 'display_name_key' | 'given_name' | 'surname' | 'department' | 'job_title' | 'mobile_phone' | 'preferred_language';

/** How each filterable Graph property is stored: a lower-cased key column (indexed), a free-text column (compared lower-cased), or its own kind. */
const keyed: Record<string, { column: Column; normalise: (v: string) => string }> = {
  userPrincipalName: { column: 'upn_key', normalise: identifierKey },
  mail: { column: 'mail_key', normalise: identifierKey },
  displayName: { column: 'display_name_key', normalise: sortKey },
};
const text: Record<string, Column> = {
  givenName: 'given_name',
  surname: 'surname',
  department: 'department',
  jobTitle: 'job_title',
  mobilePhone: 'mobile_phone',
  preferredLanguage: 'preferred_language',
};
const times = { createdDateTime: 'created_at', lastPasswordChangeDateTime: 'last_password_change_at' } as const;

const likeEscape = (value: string): string => value.replace(/[\\%_]/g, (c) => '\\' + c);
const never = (): Expression<SqlBool> => sql<SqlBool>`1 = 0`;

function comparison(eb: EB, node: Extract<UserFilterNode, { property: string }>): Expression<SqlBool> {
  const { property } = node;
  if (node.op === 'any') throw new Error(`no lambda filter on users: ${property}`);
  const values = node.op === 'in' ? node.values : [node.value];
  if (property === 'id') {
    const ids = values.map((v) => String(v).toLowerCase());
    if (node.op === 'in') return eb('app_user.id', 'in', ids);
    if (node.op === 'eq') return eb('app_user.id', '=', ids[0]!);
    if (node.op === 'ne') return eb('app_user.id', '!=', ids[0]!);
  }
  if (property === 'accountEnabled' && (node.op === 'eq' || node.op === 'ne')) {
    const wanted = node.value === null ? null : node.value === true;
    if (wanted === null) return node.op === 'eq' ? never() : sql<SqlBool>`1 = 1`;
    return eb('account_enabled', '=', (node.op === 'eq') === wanted ? 1 : 0);
  }
  if (property === 'onPremisesSyncEnabled' && (node.op === 'eq' || node.op === 'ne')) {
    // Graph: true for directory users, null for cloud-only ones (false would be "no longer synced", which Latchkey has not).
    const synced = eb('on_premises_dn', 'is not', null);
    const cloud = eb('on_premises_dn', 'is', null);
    const match = node.value === true ? synced : node.value === null ? cloud : never();
    return node.op === 'eq' ? match : eb.not(match);
  }
  if (property in times) {
    const column = times[property as keyof typeof times];
    const at = String(node.op === 'in' ? '' : node.value);
    const ops = { ge: '>=', gt: '>', le: '<=', lt: '<' } as const;
    if (node.op in ops) return eb(column, ops[node.op as keyof typeof ops], at);
  }
  const key = keyed[property];
  const column = key?.column ?? text[property];
  if (!column) throw new Error(`no filter on users' ${property}`);
  // Keyed columns hold the lower-cased value (indexed); free-text ones are lowered in the query.
  const ref = key ? sql.ref(column) : sql`lower(${sql.ref(column)})`;
  const norm = (v: unknown): string => (key ? key.normalise(String(v)) : String(v).toLowerCase());
  switch (node.op) {
    case 'eq':
      return node.value === null ? eb(column, 'is', null) : sql<SqlBool>`${ref} = ${norm(node.value)}`;
    case 'ne':
      return node.value === null ? eb(column, 'is not', null) : sql<SqlBool>`(${sql.ref(column)} is null or ${ref} <> ${norm(node.value)})`;
    case 'in':
      return sql<SqlBool>`${ref} in (${sql.join(node.values.map(norm))})`;
    case 'startswith': {
      const prefix = norm(node.value);
      // An index range on the key, then LIKE as the exact test (a collation may order punctuation differently).
      const like = sql<SqlBool>`${ref} like ${likeEscape(prefix) + '%'} escape '\\'`;
      return key ? eb.and([eb(column, '>=', prefix), eb(column, '<', prefix + '\uffff'), like]) : like;
    }
    case 'ge':
    case 'gt':
    case 'le':
    case 'lt':
      throw new Error(`no ${node.op} on users' ${property}`);
  }
}

function filterExpression(eb: EB, node: UserFilterNode): Expression<SqlBool> {
  if (node.op === 'and') return eb.and([filterExpression(eb, node.left), filterExpression(eb, node.right)]);
  if (node.op === 'or') return eb.or([filterExpression(eb, node.left), filterExpression(eb, node.right)]);
  return comparison(eb, node);
}

/** Where a word may begin inside a stored value: at its start or after one of these (the token splitting of search-tokens.ts). */
const SEPARATORS = [' ', '.', '-', '_', '@', "'", '(', ',', '/'];
const searchColumns: Record<string, Column> = {
  displayName: 'display_name_key',
  userPrincipalName: 'upn_key',
  mail: 'mail_key',
  givenName: 'given_name',
  surname: 'surname',
};

/** Some word of the stored value (`ref`, lower-cased) begins with `word`: at its start or after a separator. */
function beginsAWord(ref: Expression<unknown>, word: string): Expression<SqlBool> {
  const likes = [
    sql`${ref} like ${likeEscape(word) + '%'} escape '\\'`,
    ...SEPARATORS.map((s) => sql`${ref} like ${'%' + likeEscape(s + word) + '%'} escape '\\'`),
  ];
  return sql<SqlBool>`(${sql.join(likes, sql` or `)})`;
}

function searchExpression(eb: EB, clause: { property: string; term: string }, exact: boolean): Expression<SqlBool> {
  const column = searchColumns[clause.property];
  if (!column) throw new Error(`no search on users' ${clause.property}`);
  const words = searchWords(clause.term);
  // A term of punctuation only has no word to look for: nothing matches it (as in Active users).
  if (!words.length) return never();
  const ref = column.endsWith('_key') ? sql.ref(column) : sql`lower(${sql.ref(column)})`;
  return eb.and(
    words.flatMap((word) => [
      // The index range of the admin centre's search: some word of the user begins with `word`...
      eb(
        'app_user.id',
        'in',
        eb
          .selectFrom('user_search_token')
          .select('user_id')
          .where('token', '>=', word)
          .where('token', '<', word + '\uffff'),
      ),
      // ...and (for counting) it is a word of this property. A page checks this in graphList instead, so its plan stays the admin centre's.
      ...(exact ? [beginsAWord(ref, word)] : []),
    ]),
  );
}

/**
 * `$count` of a `$search` on displayName alone (issue 15's slow case: 128 ms at 100,000 users) from
 * the word index only. Every token row of a user carries their display-name key, so "a token
 * begins with each word, and each word begins a word of the display name" is decided without
 * reading app_user: no table row per match. Undefined when the query is not of that kind.
 */
async function displayNameSearchCount(db: Kysely<Database>, where: UserGraphWhere): Promise<number | undefined> {
  if (where.filter || !where.search?.length || where.search.some((c) => c.property !== 'displayName')) return undefined;
  const perClause = where.search.map((c) => searchWords(c.term));
  if (perClause.some((words) => !words.length)) return 0;
  const [first, ...rest] = [...new Set(perClause.flat())] as [string, ...string[]];
  let query = db
    .selectFrom('user_search_token as t')
    .select((eb) => eb.fn.count<string | number>('t.user_id').distinct().as('n'))
    .where('t.token', '>=', first)
    .where('t.token', '<', first + '\uffff');
  for (const word of [first, ...rest]) query = query.where(beginsAWord(sql.ref('t.display_name_key'), word));
  for (const word of rest)
    query = query.where('t.user_id', 'in', (eb) =>
      eb
        .selectFrom('user_search_token')
        .select('user_id')
        .where('token', '>=', word)
        .where('token', '<', word + '\uffff'),
    );
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Whether each search clause's words begin words of its property (the check the token index cannot make: tokens do not say which property they came from). */
function matchesSearch(row: Selectable<UserTable>, search: UserGraphWhere['search']): boolean {
  return (search ?? []).every((clause) => {
    const column = searchColumns[clause.property]!;
    const value = sortKey(String(row[column] ?? ''));
    return searchWords(clause.term).every((word) => value.startsWith(word) || SEPARATORS.some((s) => value.includes(s + word)));
  });
}

function whereOf(eb: EB, where: UserGraphWhere, exact: boolean): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (where.filter) parts.push(filterExpression(eb, where.filter));
  for (const clause of where.search ?? []) parts.push(searchExpression(eb, clause, exact));
  return eb.and(parts);
}

export function userGraphQueries(db: Kysely<Database>): UserGraphQueries {
  return {
    async graphList(query) {
      const column = query.orderBy.property === 'userPrincipalName' ? 'upn_key' : 'display_name_key';
      const direction = query.orderBy.desc ? 'desc' : 'asc';
      const beyond = query.orderBy.desc ? '<' : '>';
      const items: User[] = [];
      let after = query.after;
      // Rows the index found whose search word sits in another property are skipped here; a batch
      // of them only makes the page shorter (Graph's pages may be), bounded to a few batches.
      for (let batch = 0; batch < 5; batch++) {
        const from = after;
        // Rows packed by the database (store-packed.ts): a third of the CPU of 31 columns as values.
        let select = db
          .selectFrom('app_user')
          .select(packedUserColumn(db).as('u'))
          .where((eb) => whereOf(eb, query, false));
        if (from) select = select.where((eb) => eb.or([eb(column, beyond, from.key), eb.and([eb(column, '=', from.key), eb('id', beyond, from.id)])]));
        const rows = await select
          .orderBy(column, direction)
          .orderBy('id', direction)
          .limit(query.limit + 1)
          .execute();
        for (const packed of rows) {
          if (items.length === query.limit) return { items, next: after };
          const { row, user } = unpackUser(packed.u);
          after = { key: row[column], id: row.id };
          if (matchesSearch(row, query.search)) items.push(user);
        }
        if (rows.length <= query.limit) return { items, next: null };
        if (!query.search?.length) break;
      }
      return { items, next: after };
    },

    async graphCount(where) {
      const fromIndex = await displayNameSearchCount(db, where);
      if (fromIndex !== undefined) return fromIndex;
      const row = await db
        .selectFrom('app_user')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where((eb) => whereOf(eb, where, true))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
