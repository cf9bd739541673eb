import { AppError } from '../../core/errors.js';
import type { Actor, User } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import { demand } from '../roles/authority.js';
import type { UserGraphPosition, UserGraphQuery, UserGraphWhere } from './store-graph.js';

export type { UserFilterNode, UserGraphPosition, UserGraphQuery, UserGraphWhere } from './store-graph.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The users service's reads for Microsoft Graph's `/users` (issue 15): the same permission as
 * Active users (`users:read`), the same store and indexes. Part of the UsersService (service.ts).
 */
export function graphUserQueries(deps: { repos: Repos }) {
  const { repos } = deps;
  return {
    /** A page of users for Graph's filter, search and order. @throws AppError auth.forbidden */
    async graphList(actor: Actor, query: UserGraphQuery): Promise<{ items: User[]; next: UserGraphPosition | null }> {
      demand(actor, 'users:read');
      return repos.users.graphList(query);
    },

    /** How many users match (Graph's `@odata.count`, `/users/$count`). @throws AppError auth.forbidden */
    async graphCount(actor: Actor, where: UserGraphWhere): Promise<number> {
      demand(actor, 'users:read');
      return repos.users.graphCount(where);
    },

    /**
     * A user by object id or user principal name (Graph's `/users/{id | userPrincipalName}`); the
     * permission is checked first, so an unauthorised caller learns nothing of who exists.
     * @throws AppError auth.forbidden, users.not_found
     */
    async graphFind(actor: Actor, idOrUpn: string): Promise<User> {
      demand(actor, 'users:read');
      const user = GUID.test(idOrUpn)
        ? await repos.users.findById(idOrUpn.toLowerCase())
        : (
            await repos.users.graphList({
              filter: { op: 'eq', property: 'userPrincipalName', value: idOrUpn },
              search: null,
              orderBy: { property: 'userPrincipalName', desc: false },
              limit: 1,
              after: null,
            })
          ).items[0];
      if (!user) throw new AppError('users.not_found');
      return user;
    },
  };
}
