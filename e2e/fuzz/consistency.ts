import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/server/db/types.js';
import { parsePhc } from '../../src/server/features/passwords/hasher.js';
import { identifierKey } from '../../src/server/features/users/model.js';
import { roleIds } from '../../src/shared/roles.js';
import { mailChannels, mailStatuses } from '../../src/shared/mail.js';
import { methodKinds } from '../../src/shared/methods.js';
import { flowStates } from '../../src/server/features/recovery/flow.js';

/** core/crypto.ts sha256: base64url of 32 bytes. Tokens are stored only this way (checklist S9). */
const SHA256 = /^[A-Za-z0-9_-]{43}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function json(text: string | null): unknown {
  try {
    return text === null ? undefined : JSON.parse(text);
  } catch {
    return Symbol.for('invalid');
  }
}
const isStringArray = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Rows of `table` whose `column` names no existing user (the foreign keys should make this impossible). */
async function orphans(
  db: Kysely<Database>,
  table: 'role_assignment' | 'session' | 'password_history' | 'password_link' | 'auth_method' | 'lockout' | 'user_search_token',
) {
  const { rows } = await sql<{
    n: number | string;
  }>`select count(*) as n from ${sql.table(table)} t where not exists (select 1 from app_user u where u.id = t.user_id)`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * The database after a batch of fuzzed requests: invariants no request, valid or hostile, may
 * break. `since` bounds the scan of tables that grow with traffic (the outbox); null: scan all.
 * @returns one line per broken invariant (empty: consistent).
 */
export async function checkConsistency(db: Kysely<Database>, since: Date | null): Promise<string[]> {
  const problems: string[] = [];
  const users = await db.selectFrom('app_user').selectAll().execute();
  for (const u of users) {
    const who = `user ${u.id} (${u.user_principal_name})`;
    if (!u.password_hash) problems.push(`${who} has no password hash`);
    else if (parsePhc(u.password_hash)?.algorithm !== 'argon2id') problems.push(`${who} has a password hash that is not argon2id PHC`);
    if (u.upn_key !== identifierKey(u.user_principal_name)) problems.push(`${who} upn_key "${u.upn_key}" does not match`);
    if ((u.mail === null) !== (u.mail_key === null) || (u.mail !== null && u.mail_key !== identifierKey(u.mail)))
      problems.push(`${who} mail_key does not match mail`);
    if (!isStringArray(json(u.other_mails))) problems.push(`${who} other_mails is not a JSON list of strings`);
    if (!isStringArray(json(u.business_phones))) problems.push(`${who} business_phones is not a JSON list of strings`);
    if (!ISO.test(u.created_at) || !ISO.test(u.updated_at) || !ISO.test(u.sessions_valid_from)) problems.push(`${who} has a malformed timestamp`);
  }
  const upnKeys = new Set<string>();
  for (const u of users) {
    if (upnKeys.has(u.upn_key)) problems.push(`user principal name ${u.user_principal_name} is not unique`);
    upnKeys.add(u.upn_key);
  }
  const byId = new Map(users.map((u) => [u.id, u]));
  const roles = await db.selectFrom('role_assignment').selectAll().execute();
  for (const r of roles) if (!(roleIds as readonly string[]).includes(r.role_id)) problems.push(`role assignment of unknown role "${r.role_id}"`);
  const enabledGlobalAdmins = roles.filter((r) => r.role_id === 'global-administrator' && byId.get(r.user_id)?.account_enabled === 1);
  if (enabledGlobalAdmins.length === 0) problems.push('no enabled Global Administrator is left (users.last_global_admin)');
  for (const table of ['role_assignment', 'session', 'password_history', 'password_link', 'auth_method', 'lockout', 'user_search_token'] as const) {
    const n = await orphans(db, table);
    if (n) problems.push(`${n} ${table} row(s) for a user that does not exist`);
  }
  for (const s of await db.selectFrom('session').selectAll().execute()) {
    if (!SHA256.test(s.token_hash)) problems.push(`session ${s.id} stores its token other than as a SHA-256`);
    if (s.scope !== 'full' && s.scope !== 'change_password' && s.scope !== 'mfa') problems.push(`session ${s.id} has scope "${s.scope}"`);
    if (s.expires_at < s.created_at) problems.push(`session ${s.id} expires before it was created`);
  }
  for (const l of await db.selectFrom('password_link').selectAll().execute()) {
    if (!SHA256.test(l.token_hash)) problems.push(`password link ${l.id} stores its token other than as a SHA-256`);
    if (l.expires_at <= l.created_at) problems.push(`password link ${l.id} expires before it was created`);
  }
  let outbox = db.selectFrom('outbox').selectAll();
  if (since) outbox = outbox.where('created_at', '>=', since.toISOString());
  for (const o of await outbox.execute()) {
    const what = `outbox ${o.id}`;
    if (!(mailChannels as readonly string[]).includes(o.channel)) problems.push(`${what} has channel "${o.channel}"`);
    // Decoy rows (recovery/decoy.ts) only match a real send's work: never delivered, no recipient.
    const decoy = o.status === 'decoy';
    if (!decoy && !(mailStatuses as readonly string[]).includes(o.status)) problems.push(`${what} has status "${o.status}"`);
    if (!decoy && !o.recipient.trim()) problems.push(`${what} has no recipient`);
    if (Number(o.attempts) < 0) problems.push(`${what} has negative attempts`);
    if ((o.status === 'sent') !== (o.sent_at !== null)) problems.push(`${what} status "${o.status}" disagrees with sent_at`);
    const payload = json(o.payload);
    if (!payload || typeof payload !== 'object') problems.push(`${what} payload is not a JSON object`);
    if (!ISO.test(o.created_at) || !ISO.test(o.next_attempt_at)) problems.push(`${what} has a malformed timestamp`);
  }
  for (const s of await db.selectFrom('setting').selectAll().execute()) if (typeof json(s.value) === 'symbol') problems.push(`setting ${s.key} is not JSON`);
  for (const l of await db.selectFrom('lockout').selectAll().execute()) {
    if (l.familiar_failures < 0 || l.unfamiliar_failures < 0 || l.consecutive_failures < 0) problems.push(`lockout of ${l.user_id} has a negative counter`);
    if (typeof json(l.recent_wrong) === 'symbol') problems.push(`lockout of ${l.user_id} recent_wrong is not JSON`);
  }
  for (const m of await db.selectFrom('auth_method').selectAll().execute())
    if (!(methodKinds as readonly string[]).includes(m.kind)) problems.push(`method ${m.id} has kind "${m.kind}"`);
  for (const f of await db.selectFrom('recovery_flow').selectAll().execute()) {
    if (!(flowStates as readonly string[]).includes(f.state)) problems.push(`recovery flow ${f.id} has state "${f.state}"`);
    for (const col of ['offered', 'proven', 'questions'] as const)
      if (typeof json(f[col]) === 'symbol') problems.push(`recovery flow ${f.id} ${col} is not JSON`);
    if ((f.state === 'completed' || f.state === 'failed') !== (f.finished_at !== null))
      problems.push(`recovery flow ${f.id} is "${f.state}" with finished_at ${f.finished_at}`);
  }
  const jobItems = await sql<{
    n: number | string;
  }>`select count(*) as n from reset_job_item i where not exists (select 1 from reset_job j where j.id = i.job_id)`.execute(db);
  if (Number(jobItems.rows[0]?.n ?? 0)) problems.push('reset job items without their job');
  return problems;
}
