import type { Organization } from '../organization/store.js';

/*
 * The `{tenant}` path segment of Microsoft's endpoint layout (issue 15): the organisation's id,
 * any of its verified domains, or `organizations` (and `common`, which Entra also accepts).
 */

const ALIASES = new Set(['organizations', 'common']);

/** Whether `tenant` names this organisation. */
export function tenantMatches(tenant: string, org: Organization): boolean {
  const t = tenant.toLowerCase();
  if (ALIASES.has(t) || t === org.id.toLowerCase()) return true;
  return org.domains.some((d) => d.isVerified && d.name.toLowerCase() === t);
}
