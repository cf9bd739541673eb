/* Fixtures for the password writeback suites (issue 14): directory users in Latchkey's store for entries in a real slapd. */
import type { Slapd, SlapdUser } from '../../testing/slapd.js';
import type { TestApp } from '../../testing/test-app.js';

/** The local administrators' password. */
export const ADMIN_PASSWORD = 'Zebra-Quilt-Harbor-71!';
/** Every seeded directory user's first password. */
export const SEED_PASSWORD = 'Seeded-Directory-Pass-5!';

/** Directory entries `prefix0` … `prefix{n-1}` with the seed password. */
export const seedUsers = (prefix: string, n: number): SlapdUser[] =>
  Array.from({ length: n }, (_, i) => ({ uid: `${prefix}${i}`, password: SEED_PASSWORD, mail: `${prefix}${i}@contoso.example`, sn: `${prefix}${i}` }));

/** A Latchkey user whose source is the slapd entry `uid` (what a sync makes): on_premises_* set, no password hash. */
export async function directoryUser(t: TestApp, slapd: Slapd, uid: string): Promise<{ id: string; dn: string; upn: string }> {
  const upn = `${uid}@contoso.example`;
  const { id } = await t.createUser({ userPrincipalName: upn });
  const dn = slapd.userDn(uid);
  await t.db.db
    .updateTable('app_user')
    .set({ on_premises_dn: dn, on_premises_immutable_id: dn, on_premises_sam: uid, on_premises_sam_key: uid.toLowerCase(), password_hash: null })
    .where('id', '=', id)
    .execute();
  return { id, dn, upn };
}

export interface Who {
  cookie: string;
  csrf: string;
}

/** An API call as `who`. */
export const call = (t: TestApp, who: Who | null, method: string, url: string, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url,
    ...(payload ? { payload } : {}),
    headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {},
  });

/** Audit events of `action` for the target, by outcome. */
export async function auditsOf(t: TestApp, targetId: string, action: string) {
  const events = await t.repos.audit.list({ targetId, action, limit: 500 });
  return { success: events.filter((e) => e.outcome === 'success'), failure: events.filter((e) => e.outcome === 'failure') };
}

/** What Latchkey holds of the user's password: hash, last change, must-change, history rows, open claims. */
export async function localPasswordState(t: TestApp, id: string) {
  const row = await t.db.db
    .selectFrom('app_user')
    .select(['password_hash', 'last_password_change_at', 'force_change_password'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const history = await t.db.db.selectFrom('password_history').select('user_id').where('user_id', '=', id).execute();
  const claims = await t.db.db.selectFrom('directory_write').select('user_id').where('user_id', '=', id).execute();
  return {
    hash: row.password_hash,
    changedAt: row.last_password_change_at,
    mustChange: Number(row.force_change_password) === 1,
    history: history.length,
    claims: claims.length,
  };
}

/** Mails queued to an address (the outbox). */
export async function mailsTo(t: TestApp, address: string): Promise<number> {
  await t.outboxWorker.drain();
  return (await t.repos.outbox.listDevMail(50, address)).length;
}
