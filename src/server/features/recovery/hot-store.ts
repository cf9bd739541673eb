import { sql, type Kysely, type Selectable } from 'kysely';
import { iso } from '../../core/clock.js';
import { newId } from '../../core/crypto.js';
import { param, prepare } from '../../db/compiled.js';
import type { Database, RecoveryFlowTable, UserTable } from '../../db/types.js';
import type { MethodKind } from '../../../shared/methods.js';
import { twoGate } from '../roles/role-sets.js';
import type { AuditEvent } from '../audit/store.js';
import { identifierKey } from '../users/model.js';
import { pickSignInMatch } from '../users/store-sign-in.js';
import type { RecoveryProfile } from './profile-store.js';

/**
 * The reset portal's hot statements (issue 16, lever 1), compiled once per engine and run with new
 * values: no query building per request. Every statement here runs alike for every name (an
 * unknown one binds an id that matches nothing), so the work per name stays the same (checklist R2).
 */

/** What the first step needs of the account a name signs in as. */
export interface StartAccount {
  id: string;
  userPrincipalName: string;
  accountEnabled: boolean;
  passwordHash: string | null;
}

const byName = prepare<{ key: string }, Pick<Selectable<UserTable>, 'id' | 'user_principal_name' | 'upn_key' | 'account_enabled' | 'password_hash'>>((db) =>
  db
    .selectFrom('app_user')
    .select(['id', 'user_principal_name', 'upn_key', 'account_enabled', 'password_hash'])
    .where((eb) =>
      eb.or([eb('upn_key', '=', param<string>('key')), eb('mail_key', '=', param<string>('key')), eb('on_premises_sam_key', '=', param<string>('key'))]),
    )
    .limit(2),
);

type FactRow = { id: string; fact: string; ref: string | null; kind: string | null; value: string | null; at: string | null };
const nothing = sql<string | null>`null`;
/** A column typed as nullable, so the first branch of the union types the rest. */
const column = (name: string) => sql<string | null>`${sql.ref(name)}`;
const tag = (name: string) => sql<string>`${sql.lit(name)}`.as('fact');

/**
 * One user's whole profile and a subject's lock in ONE statement: a tagged row per registered
 * method, security answer, two-gate role, scope-group membership, confirmation, passkey and lock.
 */
const profileFacts = prepare<{ userId: string; groupId: string; subject: string; now: string }, FactRow>((db) =>
  db
    .selectFrom('auth_method')
    .select(['user_id as id', tag('method'), column('id').as('ref'), column('kind').as('kind'), column('value').as('value'), column('created_at').as('at')])
    .where('user_id', '=', param<string>('userId'))
    .unionAll(
      db
        .selectFrom('security_answer')
        .select(['user_id as id', tag('answer'), 'question_id as ref', nothing.as('kind'), nothing.as('value'), nothing.as('at')])
        .where('user_id', '=', param<string>('userId')),
    )
    .unionAll(
      db
        .selectFrom('role_assignment')
        .select(['user_id as id', tag('admin'), nothing.as('ref'), nothing.as('kind'), nothing.as('value'), nothing.as('at')])
        .where('user_id', '=', param<string>('userId'))
        .where('role_id', 'in', [...twoGate]),
    )
    .unionAll(
      db
        .selectFrom('group_member')
        .select(['user_id as id', tag('group'), nothing.as('ref'), nothing.as('kind'), nothing.as('value'), nothing.as('at')])
        .where('user_id', '=', param<string>('userId'))
        .where('group_id', '=', param<string>('groupId')),
    )
    .unionAll(
      db
        .selectFrom('security_info')
        .select(['user_id as id', tag('confirmed'), nothing.as('ref'), nothing.as('kind'), 'confirmed_at as value', nothing.as('at')])
        .where('user_id', '=', param<string>('userId')),
    )
    .unionAll(
      db
        .selectFrom('passkey_credential')
        .select(['user_id as id', tag('passkey'), nothing.as('ref'), nothing.as('kind'), nothing.as('value'), nothing.as('at')])
        .where('user_id', '=', param<string>('userId')),
    )
    .unionAll(
      db
        .selectFrom('recovery_lock')
        .select(['subject as id', tag('lock'), nothing.as('ref'), nothing.as('kind'), 'locked_until as value', nothing.as('at')])
        .where('subject', '=', param<string>('subject'))
        .where('locked_until', '>', param<string>('now')),
    ),
);

type FlowInsert = Omit<Selectable<RecoveryFlowTable>, 'failures' | 'version'>;
const flowInsertColumns = [
  'id',
  'subject',
  'user_id',
  'user_principal_name',
  'eligibility',
  'state',
  'password_stamp',
  'methods_required',
  'offered',
  'proven',
  'questions',
  'locale',
  'ip_address',
  'user_agent',
  'captcha_key',
  'created_at',
  'expires_at',
  'finished_at',
  'outcome',
] as const satisfies readonly (keyof FlowInsert)[];
const insertFlow = prepare<FlowInsert, never>((db) =>
  db
    .insertInto('recovery_flow')
    .values(Object.fromEntries(flowInsertColumns.map((c) => [c, param(c)])) as unknown as FlowInsert)
    .onConflict((oc) => oc.column('captcha_key').doNothing()),
);

type AuditRow = { id: string; at: string; action: string; outcome: string; actorId: string | null; actorName: string | null } & {
  targetId: string | null;
  targetName: string | null;
  ip: string | null;
  agent: string | null;
  correlation: string | null;
  details: string;
};
const insertAudit = prepare<AuditRow, never>((db) =>
  db.insertInto('audit_event').values({
    id: param('id'),
    occurred_at: param('at'),
    action: param('action'),
    outcome: param('outcome'),
    actor_id: param('actorId'),
    actor_name: param('actorName'),
    target_id: param('targetId'),
    target_name: param('targetName'),
    ip_address: param('ip'),
    user_agent: param('agent'),
    correlation_id: param('correlation'),
    details: param('details'),
  }),
);

/** The portal's hot reads and writes, bound to the database or to a transaction like the rest of the store. */
export interface RecoveryHotPath {
  /** The account a sign-in name (UPN, email or directory login name) names: a UPN match first, else the only match. */
  accountBySignInName(name: string): Promise<StartAccount | undefined>;
  /** One user's profile and whether `subject` is locked at `now`, in one statement (every name alike: '' matches no user). */
  startProfile(userId: string, scopeGroupId: string | null, subject: string, now: Date): Promise<{ profile: RecoveryProfile; lockedUntil: Date | null }>;
  /** The flow row, without a query built per request. @returns false when the CAPTCHA key was already used. */
  insertFlow(row: FlowInsert): Promise<boolean>;
  /** An audit event as the audit store writes it (src/server/features/audit/store.ts `append`), compiled. */
  appendAudit(e: AuditEvent, at: Date): Promise<void>;
}

/** The audit store's clip: long free text (names, user agents) is cut at 512 characters. */
const clip = (value: string | null | undefined): string | null => (value == null ? null : value.slice(0, 512));

export function createRecoveryHotPath(db: Kysely<Database>): RecoveryHotPath {
  return {
    async accountBySignInName(name) {
      const key = identifierKey(name);
      // The user store's rule (a UPN match wins, else only an unambiguous one), over a narrower row.
      const row = pickSignInMatch(await byName.execute(db, { key }), key);
      return (
        row && {
          id: row.id,
          userPrincipalName: row.user_principal_name,
          accountEnabled: Number(row.account_enabled) === 1,
          passwordHash: row.password_hash,
        }
      );
    },

    async startProfile(userId, scopeGroupId, subject, now) {
      const profile: RecoveryProfile = { methods: [], questionIds: [], passkeys: 0, admin: false, inScopeGroup: false, confirmedAt: null };
      let lockedUntil: Date | null = null;
      const rows = await profileFacts.execute(db, { userId, groupId: scopeGroupId ?? '', subject, now: iso(now) });
      const methods: FactRow[] = [];
      for (const f of rows) {
        if (f.fact === 'method') methods.push(f);
        else if (f.fact === 'answer') profile.questionIds.push(f.ref!);
        else if (f.fact === 'admin') profile.admin = true;
        else if (f.fact === 'group') profile.inScopeGroup = true;
        else if (f.fact === 'passkey') profile.passkeys++;
        else if (f.fact === 'confirmed') profile.confirmedAt = f.value ? new Date(f.value) : null;
        else if (f.fact === 'lock') lockedUntil = f.value ? new Date(f.value) : null;
      }
      // Oldest first, as the security info store lists them (ISO timestamps sort as text).
      methods.sort((a, b) => (a.at! < b.at! ? -1 : a.at! > b.at! ? 1 : 0));
      // The first step reads a method's kind, id and address; the app's last TOTP step is the verify step's (security info store).
      profile.methods = methods.map((m) => ({
        id: m.ref!,
        userId: m.id,
        kind: m.kind as MethodKind,
        value: m.value!,
        createdAt: new Date(m.at!),
        lastTotpStep: null,
      }));
      return { profile, lockedUntil };
    },

    async insertFlow(row) {
      return (await insertFlow.run(db, row)) === 1;
    },

    async appendAudit(e, at) {
      await insertAudit.run(db, {
        id: newId(),
        at: iso(at),
        action: e.action,
        outcome: e.outcome,
        actorId: e.actorId ?? null,
        actorName: clip(e.actorName),
        targetId: e.targetId ?? null,
        targetName: clip(e.targetName),
        ip: e.ipAddress ?? null,
        agent: clip(e.userAgent),
        correlation: e.correlationId ?? null,
        details: JSON.stringify(e.details ?? {}),
      });
    },
  };
}
