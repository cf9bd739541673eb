import { AppError } from '../../core/errors.js';
import type { Principal, User } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import { demand } from '../roles/authority.js';
import type { Group } from './store.js';

/*
 * Groups for the Graph surface (issue 15: GET /groups, /groups/{id}, /groups/{id}/members), read
 * through the group and user stores the admin centre uses. Reading needs `users:read`
 * (Directory.Read.All, User.Read.All, every admin role).
 */

export interface GroupMembersPage {
  items: User[];
  /** The users store's keyset position after the last item (display name order), when there may be more. */
  nextCursor: string | null;
}

export function createGraphGroups(deps: { repos: Repos }) {
  const { repos } = deps;
  return {
    /**
     * Every group, by display name then id (groups number in the hundreds; the Graph layer filters and pages them).
     * @throws AppError auth.forbidden without `users:read`
     */
    async list(actor: Principal): Promise<Group[]> {
      demand(actor, 'users:read');
      const groups = await repos.groups.list();
      return groups.sort((a, b) => (a.displayName === b.displayName ? (a.id < b.id ? -1 : 1) : a.displayName.localeCompare(b.displayName)));
    },

    /**
     * One group.
     * @throws AppError auth.forbidden, groups.not_found
     */
    async get(actor: Principal, id: string): Promise<Group> {
      demand(actor, 'users:read');
      const group = (await repos.groups.list()).find((g) => g.id === id);
      if (!group) throw new AppError('groups.not_found');
      return group;
    },

    /**
     * A page of a group's members, by display name (the admin centre's keyset over display_name_key).
     * @throws AppError auth.forbidden, groups.not_found
     */
    async members(actor: Principal, id: string, page: { limit: number; cursor?: string | undefined }): Promise<GroupMembersPage> {
      demand(actor, 'users:read');
      const exists = await repos.groups.members(id, 0);
      if (!exists) throw new AppError('groups.not_found');
      const result = await repos.users.list({ groupId: id, limit: page.limit, cursor: page.cursor });
      return { items: result.items, nextCursor: result.nextCursor };
    },
  };
}

export type GraphGroups = ReturnType<typeof createGraphGroups>;
