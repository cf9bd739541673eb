import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';

export interface Organization {
  id: string;
  name: string;
  defaultLanguage: string;
  domains: { name: string; isDefault: boolean; isVerified: boolean }[];
}

/** The one organisation this installation serves, and its domains. */
export interface OrganizationStore {
  get(): Promise<Organization | undefined>;
  create(org: { id: string; name: string; defaultLanguage: string; domain: string }, at: Date): Promise<void>;
}

export function createOrganizationStore(db: Kysely<Database>): OrganizationStore {
  return {
    async get() {
      const org = await db.selectFrom('organization').selectAll().orderBy('created_at').executeTakeFirst();
      if (!org) return undefined;
      const domains = await db.selectFrom('domain').selectAll().where('organization_id', '=', org.id).orderBy('name').execute();
      return {
        id: org.id,
        name: org.name,
        defaultLanguage: org.default_language,
        domains: domains.map((d) => ({ name: d.name, isDefault: Number(d.is_default) === 1, isVerified: Number(d.is_verified) === 1 })),
      };
    },
    async create(org, at) {
      await db
        .insertInto('organization')
        .values({ id: org.id, name: org.name, default_language: org.defaultLanguage, created_at: iso(at) })
        .execute();
      await db
        .insertInto('domain')
        .values({ name: org.domain.toLowerCase(), organization_id: org.id, is_default: 1, is_verified: 1, created_at: iso(at) })
        .execute();
    },
  };
}
