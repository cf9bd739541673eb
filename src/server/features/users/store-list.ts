import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import type { RoleId } from '../../../shared/roles.js';
import type { UserWithRoles } from '../../core/identity.js';
import { decodeCursor, encodeCursor } from '../../core/cursor.js';
import { param, prepare, type Prepared } from '../../db/compiled.js';
import { searchWords } from './search-tokens.js';
import { packedUserColumn, unpackUser } from './store-packed.js';

// The user store's listing: Active users search by word prefix, filters and keyset paging by
// display name. Part of the UserStore in store.ts.

export interface UserPage {
  /** With their admin roles and whether smart lockout holds them at `now` (the same statement). */
  items: UserWithRoles[];
  nextCursor: string | null;
}

export interface ListUsersQuery {
  search?: string | undefined;
  limit: number;
  cursor?: string | undefined;
  role?: RoleId | undefined;
  groupId?: string | undefined;
  status?: 'enabled' | 'disabled' | 'must_change' | 'locked' | undefined;
  /** The time the lockout state (and the `locked` status) is judged at; now when absent. */
  now?: Date | undefined;
}

/** What decides a list statement's SQL; the values are bound per request. */
interface Shape {
  words: number;
  role: boolean;
  group: boolean;
  status: ListUsersQuery['status'];
  after: boolean;
}

type ListParams = Record<string, string | number>;

/** Each word of a search adds one index range; longer searches than this compile per request instead of filling the cache. */
const CACHED_WORDS = 6;
const statements = new Map<string, Prepared<ListParams, { u: string }>>();

/**
 * The list statement for a shape (issue 16, lever 1): compiled once per engine and shape, then run
 * with new values. The search, filters and keyset condition are those the query builder wrote
 * before; the rows come packed with roles and lock (store-packed.ts).
 */
function statementFor(shape: Shape): Prepared<ListParams, { u: string }> {
  const key = `${shape.words}|${shape.role ? 'r' : ''}|${shape.group ? 'g' : ''}|${shape.status ?? ''}|${shape.after ? 'a' : ''}`;
  const cached = statements.get(key);
  if (cached) return cached;
  const statement = prepare<ListParams, { u: string }>((db) => {
    let query = db.selectFrom('app_user');
    // Each word of the term must begin a word of the user (an index range per word, no scan).
    for (let i = 0; i < shape.words; i++) {
      query = query.where('app_user.id', 'in', (eb) =>
        eb
          .selectFrom('user_search_token')
          .select('user_id')
          .where('token', '>=', param<string>(`word${i}`))
          .where('token', '<', param<string>(`end${i}`)),
      );
    }
    if (shape.role)
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('role_assignment')
            .select('role_id')
            .whereRef('role_assignment.user_id', '=', 'app_user.id')
            .where('role_assignment.role_id', '=', param<string>('role')),
        ),
      );
    if (shape.group)
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('group_member')
            .select('user_id')
            .whereRef('group_member.user_id', '=', 'app_user.id')
            .where('group_member.group_id', '=', param<string>('groupId')),
        ),
      );
    if (shape.status === 'enabled') query = query.where('account_enabled', '=', 1);
    if (shape.status === 'disabled') query = query.where('account_enabled', '=', 0);
    if (shape.status === 'must_change') query = query.where('force_change_password', '=', 1);
    if (shape.status === 'locked') {
      const t = param<string>('now');
      query = query.where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('lockout')
              .select('lockout.user_id')
              .whereRef('lockout.user_id', '=', 'app_user.id')
              .where((l) => l.or([l('lockout.hard_locked', '=', 1), l('lockout.familiar_locked_until', '>', t), l('lockout.unfamiliar_locked_until', '>', t)])),
          ),
          // Locked by the directory itself (issue 14).
          eb('app_user.directory_locked_at', 'is not', null),
        ]),
      );
    }
    // The cursor's `at` holds the display-name sort key here.
    if (shape.after) {
      const at = param<string>('afterKey');
      query = query.where((eb) => eb.or([eb('display_name_key', '>', at), eb.and([eb('display_name_key', '=', at), eb('id', '>', param<string>('afterId'))])]));
    }
    const packed = packedUserColumn(db, param('now')).as('u');
    if (!shape.words) return query.select(packed).orderBy('display_name_key').orderBy('id').limit(param<number>('limit'));
    // A search's matches come from the word index in no useful order, so they are sorted: the page's
    // ids first, then only those rows packed (sorting packed rows packed every match, thousands for "de").
    const ids = query.select('app_user.id').orderBy('display_name_key').orderBy('id').limit(param<number>('limit'));
    return db.selectFrom('app_user').select(packed).where('app_user.id', 'in', ids).orderBy('display_name_key').orderBy('id');
  });
  if (shape.words <= CACHED_WORDS) statements.set(key, statement);
  return statement;
}

export function userListQueries(db: Kysely<Database>) {
  return {
    async list(filters: ListUsersQuery): Promise<UserPage> {
      const { search, limit } = filters;
      const words = searchWords(search ?? '');
      // A term of punctuation only has no word to look for: nothing matches it.
      if (search?.trim() && words.length === 0) return { items: [], nextCursor: null };
      const after = decodeCursor(filters.cursor);
      const params: ListParams = { now: iso(filters.now ?? new Date()), limit: limit + 1 };
      words.forEach((word, i) => {
        params[`word${i}`] = word;
        params[`end${i}`] = word + '\uffff';
      });
      if (filters.role) params.role = filters.role;
      if (filters.groupId) params.groupId = filters.groupId;
      if (after) {
        params.afterKey = after.at;
        params.afterId = after.id;
      }
      const shape = { words: words.length, role: !!filters.role, group: !!filters.groupId, status: filters.status, after: !!after };
      const rows = await statementFor(shape).execute(db, params);
      // The row beyond the page only says that another page follows.
      const page = rows.slice(0, limit).map((r) => unpackUser(r.u));
      const last = page.at(-1);
      const items = page.map((p) => {
        // Added to toUser's fresh object rather than spread into a copy (a fifth of a page's CPU).
        const user = p.user as UserWithRoles;
        user.roles = p.roles ?? [];
        user.locked = p.locked ?? false;
        return user;
      });
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor({ at: last.row.display_name_key, id: last.row.id }) : null,
      };
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('app_user')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
