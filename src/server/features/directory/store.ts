import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';
import type { User } from '../../core/identity.js';
import { identifierKey } from '../users/model.js';
import { toUser, userRowQueries } from '../users/store-rows.js';
import { directoryRunQueries, type DirectoryRunStore } from './store-runs.js';
import { directoryGroupQueries, type DirectoryGroupStore } from './store-groups.js';

export type { DirectoryRunStore, NewSyncRun, SyncRunFinish } from './store-runs.js';
export type { DirectoryGroupStore } from './store-groups.js';

/** A directory user as sync writes it: the directory-owned fields and where the entry lives. */
export interface DirectoryUserRecord {
  dn: string;
  immutableId: string;
  uid: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  mobilePhone: string | null;
  businessPhones: string[];
  department: string | null;
  jobTitle: string | null;
  accountEnabled: boolean;
  lockedAt: Date | null;
}

/**
 * What an upsert did. `identifier_taken`: the UPN or mail is another user's sign-in name (`takenBy`
 * says whose: a local user, or another directory user); nothing was written.
 */
export type UpsertResult =
  { outcome: 'created' | 'updated' | 'unchanged'; id: string; disabled: boolean } | { outcome: 'identifier_taken'; takenBy: 'local' | 'directory' };

/** Users, runs and groups synced from the directory (issue 14). Never throws HTTP errors. */
export interface DirectoryStore extends DirectoryRunStore, DirectoryGroupStore {
  /** The Latchkey user of a directory entry: by immutable id, else by DN (a renamed entry keeps its user). */
  findUser(immutableId: string, dn: string): Promise<User | undefined>;
  /**
   * Creates (no password, no roles, no forced change) or updates a directory user. Only the
   * directory-owned fields, on_premises_* and directory_locked_at are written; search words and
   * the UPN and mail keys follow (through the users store's own row code). Claims the identifiers
   * like every other write of a sign-in name (checklist I6): call it in a transaction.
   */
  upsertUser(record: DirectoryUserRecord, at: Date, newId: () => string): Promise<UpsertResult>;
  /** Every directory user (id, DN, enabled), for finding those gone from the directory. */
  directoryUsers(): Promise<{ id: string; dn: string; userPrincipalName: string; accountEnabled: boolean }[]>;
  /** Sets account_enabled 0 on a directory user. @returns false when it already was disabled (or is not there). */
  disableUser(id: string, at: Date): Promise<boolean>;
  countUsers(): Promise<number>;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The directory-owned fields of `record` that differ from `user` (undefined: unchanged). */
export function changedFields(user: User, record: DirectoryUserRecord) {
  const changes: Partial<
    Pick<
      User,
      'userPrincipalName' | 'displayName' | 'givenName' | 'surname' | 'mail' | 'mobilePhone' | 'businessPhones' | 'department' | 'jobTitle' | 'accountEnabled'
    >
  > = {};
  if (user.userPrincipalName !== record.userPrincipalName) changes.userPrincipalName = record.userPrincipalName;
  if (user.displayName !== record.displayName) changes.displayName = record.displayName;
  for (const field of ['givenName', 'surname', 'mail', 'mobilePhone', 'department', 'jobTitle'] as const) {
    if ((user[field] ?? null) !== (record[field] ?? null)) changes[field] = record[field];
  }
  if (!sameList(user.businessPhones, record.businessPhones)) changes.businessPhones = record.businessPhones;
  if (user.accountEnabled !== record.accountEnabled) changes.accountEnabled = record.accountEnabled;
  return changes;
}

export function createDirectoryStore(db: Kysely<Database>): DirectoryStore {
  const rows = userRowQueries(db);

  async function findUser(immutableId: string, dn: string): Promise<User | undefined> {
    const found = await db
      .selectFrom('app_user')
      .selectAll()
      .where((eb) => eb.or([eb('on_premises_immutable_id', '=', immutableId), eb('on_premises_dn', '=', dn)]))
      .execute();
    const row = found.find((r) => r.on_premises_immutable_id === immutableId) ?? found[0];
    return row && toUser(row);
  }

  async function setOnPremises(id: string, record: DirectoryUserRecord, at: Date): Promise<void> {
    await db
      .updateTable('app_user')
      .set({
        on_premises_dn: record.dn,
        on_premises_immutable_id: record.immutableId,
        on_premises_sam: record.uid,
        on_premises_sam_key: identifierKey(record.uid),
        on_premises_last_sync_at: iso(at),
        directory_locked_at: record.lockedAt ? iso(record.lockedAt) : null,
      })
      .where('id', '=', id)
      .execute();
  }

  return {
    findUser,

    async upsertUser(record, at, newId) {
      const existing = await findUser(record.immutableId, record.dn);
      const changes = existing ? changedFields(existing, record) : null;
      const claims = [
        ...(!existing || changes?.userPrincipalName !== undefined ? [identifierKey(record.userPrincipalName)] : []),
        ...(record.mail && (!existing || changes?.mail !== undefined) ? [identifierKey(record.mail)] : []),
      ];
      const held = await rows.claimIdentifierKeys(claims, existing?.id ?? null);
      if (held.size) {
        // Whose name it is decides the error entry: a local account is never taken over.
        const holder = await db
          .selectFrom('app_user')
          .select('on_premises_dn')
          .where((eb) => eb.or([eb('upn_key', 'in', [...held]), eb('mail_key', 'in', [...held])]))
          .executeTakeFirst();
        return { outcome: 'identifier_taken', takenBy: holder?.on_premises_dn ? 'directory' : 'local' };
      }
      if (!existing) {
        const id = newId();
        const created = await rows.insert({
          id,
          userPrincipalName: record.userPrincipalName,
          displayName: record.displayName,
          givenName: record.givenName,
          surname: record.surname,
          mail: record.mail,
          mobilePhone: record.mobilePhone,
          businessPhones: record.businessPhones,
          department: record.department,
          jobTitle: record.jobTitle,
          accountEnabled: record.accountEnabled,
          // The directory holds the password (bind verification), so Latchkey keeps none (issue 14).
          passwordHash: null,
          forceChangePassword: false,
          now: at,
        });
        if (created === 'upn_taken') return { outcome: 'identifier_taken', takenBy: 'local' };
        await setOnPremises(id, record, at);
        return { outcome: 'created', id, disabled: false };
      }
      const fieldsChanged = Object.keys(changes!).length > 0;
      const lockChanged = (existing.onPremises?.lockedAt?.getTime() ?? null) !== (record.lockedAt?.getTime() ?? null);
      const placeChanged =
        existing.onPremises?.distinguishedName !== record.dn ||
        existing.onPremises?.immutableId !== record.immutableId ||
        existing.onPremises?.samAccountName !== record.uid;
      if (fieldsChanged && (await rows.update(existing.id, changes!, at)) === 'upn_taken') return { outcome: 'identifier_taken', takenBy: 'directory' };
      if (!fieldsChanged && (lockChanged || placeChanged))
        await db
          .updateTable('app_user')
          .set({ updated_at: iso(at) })
          .where('id', '=', existing.id)
          .execute();
      await setOnPremises(existing.id, record, at);
      const changed = fieldsChanged || lockChanged || placeChanged;
      return { outcome: changed ? 'updated' : 'unchanged', id: existing.id, disabled: existing.accountEnabled && !record.accountEnabled };
    },

    async directoryUsers() {
      const found = await db
        .selectFrom('app_user')
        .select(['id', 'on_premises_dn', 'user_principal_name', 'account_enabled'])
        .where('on_premises_dn', 'is not', null)
        .execute();
      return found.map((r) => ({ id: r.id, dn: r.on_premises_dn!, userPrincipalName: r.user_principal_name, accountEnabled: Number(r.account_enabled) === 1 }));
    },

    async disableUser(id, at) {
      const result = await db
        .updateTable('app_user')
        .set({ account_enabled: 0, updated_at: iso(at) })
        .where('id', '=', id)
        .where('account_enabled', '=', 1)
        .where('on_premises_dn', 'is not', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async countUsers() {
      const row = await db
        .selectFrom('app_user')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('on_premises_dn', 'is not', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    ...directoryRunQueries(db),
    ...directoryGroupQueries(db),
  };
}
