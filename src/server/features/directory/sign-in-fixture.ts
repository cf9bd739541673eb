/* Test fixtures for the directory sign-in and unlock suites (issue 14): directory users in Latchkey's store for entries in a real slapd. */
import type { Slapd } from '../../testing/slapd.js';
import type { TestApp } from '../../testing/test-app.js';
import { LOCKOUT_SETTINGS_KEY } from '../lockout/settings.js';

/**
 * A Latchkey user whose source is the slapd entry `uid` (what a sync makes): on_premises_* set and
 * no password hash. Returns the user's id and DN.
 */
export async function directoryUser(t: TestApp, slapd: Slapd, uid: string, userPrincipalName: string): Promise<{ id: string; dn: string }> {
  const { id } = await t.createUser({ userPrincipalName });
  const dn = slapd.userDn(uid);
  await t.db.db
    .updateTable('app_user')
    .set({ on_premises_dn: dn, on_premises_immutable_id: dn, on_premises_sam: uid, on_premises_sam_key: uid.toLowerCase(), password_hash: null })
    .where('id', '=', id)
    .execute();
  return { id, dn };
}

/** Latchkey's smart lockout at `threshold` (below slapd's pwdMaxFailure 5, so Latchkey locks first). */
export async function lockoutThreshold(t: TestApp, threshold: number): Promise<void> {
  await t.repos.settings.put(LOCKOUT_SETTINGS_KEY, { lockoutThreshold: threshold, lockoutDurationSeconds: 600 }, null, t.clock.now());
  t.lockoutConfig.invalidate();
}

/** How many failed binds slapd's ppolicy has counted for the entry (pwdFailureTime values). */
export async function directoryFailures(slapd: Slapd, dn: string): Promise<number> {
  const entry = await slapd.readEntry(dn, ['pwdFailureTime']);
  return entry?.pwdFailureTime?.length ?? 0;
}

/** Locks the entry in slapd by binding wrongly straight to it, pwdMaxFailure (5) times: Latchkey is not involved. */
export async function lockInDirectory(slapd: Slapd, dn: string): Promise<void> {
  for (let i = 0; i < 5; i++) await slapd.bindAs(dn, `Straight-Wrong-${i}`);
  const entry = await slapd.readEntry(dn, ['pwdAccountLockedTime']);
  if (!entry?.pwdAccountLockedTime?.length) throw new Error('slapd did not lock the entry');
}

/** The sign-in request. */
export const signInRequest = (t: TestApp, username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });
