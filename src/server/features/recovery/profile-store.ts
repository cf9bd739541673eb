import { sql, type Kysely } from 'kysely';
import { iso } from '../../core/clock.js';
import type { Database } from '../../db/types.js';
import type { RoleId } from '../../../shared/roles.js';
import { twoGate } from '../roles/role-sets.js';
import { toStoredMethod, type StoredMethod } from '../verification/stored-method.js';

/** What self-service reset needs to know about one user (a read model over four features' tables). */
export interface RecoveryProfile {
  methods: StoredMethod[];
  questionIds: string[];
  /** Passkeys registered (issue 17; features/passkeys). */
  passkeys: number;
  /** Holds a two-gate role (checklist R25a: two methods, no questions). */
  admin: boolean;
  inScopeGroup: boolean;
  confirmedAt: Date | null;
}

export interface AdminContact {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mail: string | null;
  preferredLanguage: string | null;
}

/** The reads self-service reset makes of other features' tables; part of {@link RecoveryStore}. */
export interface RecoveryDirectory {
  /**
   * The profiles of `userIds` (one for the portal, a page for the report) in the same three
   * statements whatever the ids: an unknown account passes an id that matches nothing, so the
   * portal does the same work for every name (checklist R2). Every id gets a profile (empty when
   * unknown). With `lock`, the same statements also say until when that subject is locked.
   */
  profiles(
    userIds: string[],
    q: { scopeGroupId: string | null; lock?: { subject: string; now: Date } | undefined },
  ): Promise<{ profiles: Map<string, RecoveryProfile>; lockedUntil: Date | null }>;
  /** Enabled holders of any of `roles`, by user principal name, at most `limit`. */
  adminContacts(roles: readonly RoleId[], limit: number): Promise<AdminContact[]>;
}

export function createRecoveryDirectory(db: Kysely<Database>): RecoveryDirectory {
  return {
    async profiles(userIds, q) {
      const profiles = new Map(
        userIds.map((id): [string, RecoveryProfile] => [
          id,
          { methods: [], questionIds: [], passkeys: 0, admin: false, inScopeGroup: false, confirmedAt: null },
        ]),
      );
      if (!userIds.length) return { profiles, lockedUntil: null };
      const lock = q.lock ?? { subject: '', now: new Date(0) };
      const methods = await db.selectFrom('auth_method').selectAll().where('user_id', 'in', userIds).orderBy('created_at').execute();
      const answers = await db.selectFrom('security_answer').select(['user_id', 'question_id']).where('user_id', 'in', userIds).execute();
      // One statement for every other fact: a tagged row per role, membership, confirmation and lock.
      const fact = (name: string) => sql<string>`${sql.lit(name)}`.as('fact');
      const facts = await db
        .selectFrom('role_assignment')
        .select(['user_id as id', fact('admin'), sql<string | null>`null`.as('value')])
        .where('user_id', 'in', userIds)
        .where('role_id', 'in', [...twoGate])
        .unionAll(
          db
            .selectFrom('group_member')
            .select(['user_id as id', fact('group'), sql<string | null>`null`.as('value')])
            .where('user_id', 'in', userIds)
            .where('group_id', '=', q.scopeGroupId ?? ''),
        )
        .unionAll(
          db
            .selectFrom('security_info')
            .select(['user_id as id', fact('confirmed'), 'confirmed_at as value'])
            .where('user_id', 'in', userIds),
        )
        .unionAll(
          db
            .selectFrom('passkey_credential')
            .select(['user_id as id', fact('passkey'), sql<string | null>`null`.as('value')])
            .where('user_id', 'in', userIds),
        )
        .unionAll(
          db
            .selectFrom('recovery_lock')
            .select(['subject as id', fact('lock'), 'locked_until as value'])
            .where('subject', '=', lock.subject)
            .where('locked_until', '>', iso(lock.now)),
        )
        .execute();
      for (const m of methods) profiles.get(m.user_id)?.methods.push(toStoredMethod(m));
      for (const a of answers) profiles.get(a.user_id)?.questionIds.push(a.question_id);
      let lockedUntil: Date | null = null;
      for (const f of facts) {
        if (f.fact === 'lock') {
          lockedUntil = f.value ? new Date(f.value) : null;
          continue;
        }
        const profile = profiles.get(f.id);
        if (!profile) continue;
        if (f.fact === 'admin') profile.admin = true;
        else if (f.fact === 'passkey') profile.passkeys++;
        else if (f.fact === 'group') profile.inScopeGroup = true;
        else if (f.value) profile.confirmedAt = new Date(f.value);
      }
      return { profiles, lockedUntil };
    },

    async adminContacts(roles, limit) {
      const rows = await db
        .selectFrom('app_user')
        .select(['app_user.id', 'app_user.user_principal_name', 'app_user.display_name', 'app_user.mail', 'app_user.preferred_language'])
        .where('app_user.account_enabled', '=', 1)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('role_assignment')
              .select('role_assignment.user_id')
              .whereRef('role_assignment.user_id', '=', 'app_user.id')
              .where('role_assignment.role_id', 'in', [...roles]),
          ),
        )
        .orderBy('app_user.user_principal_name')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        userPrincipalName: r.user_principal_name,
        displayName: r.display_name,
        mail: r.mail,
        preferredLanguage: r.preferred_language,
      }));
    },
  };
}
