import { AppError } from '../../core/errors.js';
import type { Repos } from '../../db/repos.js';
import { identifierKey } from '../users/model.js';

/** The most users one bulk reset job may name. */
export const MAX_TARGETS = 100_000;

export type JobTargets = { userIds: string[] } | { groupId: string } | { userPrincipalNames: string[] };

/** The users a job names, in order and without repeats; a name that matches nobody keeps a null id. */
export async function resolveTargets(repos: Repos, targets: JobTargets): Promise<{ userId: string | null; userPrincipalName: string }[]> {
  if ('userIds' in targets) {
    const unique = [...new Set(targets.userIds)];
    const found = await repos.users.upnsByIds(unique);
    return unique.map((id) => ({ userId: found.has(id) ? id : null, userPrincipalName: found.get(id) ?? id }));
  }
  if ('groupId' in targets) {
    const rows = await repos.groups.members(targets.groupId, MAX_TARGETS + 1);
    if (rows === null) throw new AppError('groups.not_found');
    return rows.map((r) => ({ userId: r.id, userPrincipalName: r.userPrincipalName }));
  }
  const seen = new Set<string>();
  const result: { userId: string | null; userPrincipalName: string }[] = [];
  for (const upn of targets.userPrincipalNames) {
    const key = identifierKey(upn.trim());
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const user = await repos.users.findBySignInName(key);
    result.push({ userId: user?.id ?? null, userPrincipalName: user?.userPrincipalName ?? upn.trim() });
  }
  return result;
}
