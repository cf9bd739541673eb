import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import type { RoleId } from '../../../shared/roles.js';
import type { User } from '../../core/identity.js';
import { decodeCursor, encodeCursor } from '../../core/cursor.js';
import { searchWords } from './search-tokens.js';
import { toUser } from './store-rows.js';

// The user store's listing: Active users search by word prefix, filters and keyset paging by
// display name. Part of the UserStore in store.ts.

export interface UserPage {
  items: User[];
  nextCursor: string | null;
}

export interface ListUsersQuery {
  search?: string | undefined;
  limit: number;
  cursor?: string | undefined;
  role?: RoleId | undefined;
  groupId?: string | undefined;
  status?: 'enabled' | 'disabled' | 'must_change' | 'locked' | undefined;
  /** Needed for the `locked` status. */
  now?: Date | undefined;
}

export function userListQueries(db: Kysely<Database>) {
  return {
    async list(filters: ListUsersQuery): Promise<UserPage> {
      const { search, limit, cursor } = filters;
      let query = db.selectFrom('app_user').selectAll();
      // Each word of the term must begin a word of the user (an index range per word, no scan).
      const words = searchWords(search ?? '');
      // A term of punctuation only has no word to look for: nothing matches it.
      if (search?.trim() && words.length === 0) query = query.where('app_user.id', '=', '');
      for (const word of words) {
        query = query.where('app_user.id', 'in', (eb) =>
          eb
            .selectFrom('user_search_token')
            .select('user_id')
            .where('token', '>=', word)
            .where('token', '<', word + '\uffff'),
        );
      }
      if (filters.role)
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('role_assignment')
              .select('role_id')
              .whereRef('role_assignment.user_id', '=', 'app_user.id')
              .where('role_assignment.role_id', '=', filters.role!),
          ),
        );
      if (filters.groupId)
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('group_member')
              .select('user_id')
              .whereRef('group_member.user_id', '=', 'app_user.id')
              .where('group_member.group_id', '=', filters.groupId!),
          ),
        );
      if (filters.status === 'enabled') query = query.where('account_enabled', '=', 1);
      if (filters.status === 'disabled') query = query.where('account_enabled', '=', 0);
      if (filters.status === 'must_change') query = query.where('force_change_password', '=', 1);
      if (filters.status === 'locked') {
        const t = iso(filters.now ?? new Date());
        query = query.where((eb) =>
          eb.or([
            eb.exists(
              eb
                .selectFrom('lockout')
                .select('lockout.user_id')
                .whereRef('lockout.user_id', '=', 'app_user.id')
                .where((l) =>
                  l.or([l('lockout.hard_locked', '=', 1), l('lockout.familiar_locked_until', '>', t), l('lockout.unfamiliar_locked_until', '>', t)]),
                ),
            ),
            // Locked by the directory itself (issue 14).
            eb('app_user.directory_locked_at', 'is not', null),
          ]),
        );
      }
      const after = decodeCursor(cursor);
      // The cursor's `at` holds the display-name sort key here.
      if (after) {
        query = query.where((eb) => eb.or([eb('display_name_key', '>', after.at), eb.and([eb('display_name_key', '=', after.at), eb('id', '>', after.id)])]));
      }
      const rows = await query
        .orderBy('display_name_key')
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toUser),
        nextCursor: rows.length > limit && last ? encodeCursor({ at: last.display_name_key, id: last.id }) : null,
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
