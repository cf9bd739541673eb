import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../core/errors.js';
import { slapdSkip, startSlapd, type Slapd } from '../../testing/slapd.js';
import { connectorFor } from './connector-fixture.js';
import type { DirectoryConnector } from '../../core/directory.js';

const INITIAL = 'Initial-Pass1';

/** directory.password_refused naming exactly this issue. */
function refused(code: string, path = 'newPassword') {
  return (err: unknown) => {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, 'directory.password_refused');
    assert.deepEqual(err.issues, [{ path, code }]);
    assert.equal(err.params.directory, 'openldap');
    return true;
  };
}

describe('directory connector: passwords on OpenLDAP with ppolicy (real slapd)', { skip: slapdSkip() }, () => {
  let slapd: Slapd;
  let directory: DirectoryConnector;
  const users = ['ok', 'locky', 'changer', 'reset', 'resetfree', 'gone', 'old', 'empty'];
  before(async () => {
    slapd = await startSlapd({ users: users.map((uid) => ({ uid, password: INITIAL, disabled: uid === 'gone' })) });
    directory = connectorFor(slapd);
  });
  after(async () => {
    await directory?.close();
    await slapd?.close();
  });
  const dn = (uid: string) => slapd.userDn(uid);

  test('verifyBind: right and wrong passwords; an empty password is never sent as an unauthenticated bind', async () => {
    assert.equal(await directory.verifyBind(dn('ok'), INITIAL), 'ok');
    assert.equal(await directory.verifyBind(dn('ok'), 'Wrong-Pass1'), 'wrong');
    assert.equal(await directory.verifyBind(dn('nobody'), INITIAL), 'wrong');
    assert.equal(await slapd.bindAs(dn('empty'), ''), true, 'this slapd takes an empty password as an anonymous bind');
    assert.equal(await directory.verifyBind(dn('empty'), ''), 'wrong');
    await assert.rejects(directory.changePassword(dn('empty'), '', 'Hijacked-Pass1'), refused('directory.current_password_wrong', 'currentPassword'));
  });

  test('verifyBind says locked after pwdMaxFailure wrong binds, even with the right password; unlock clears it', async () => {
    for (let i = 0; i < 5; i++) assert.equal(await directory.verifyBind(dn('locky'), `Wrong-${i}-Pass`), 'wrong');
    assert.equal(await directory.verifyBind(dn('locky'), INITIAL), 'locked');
    assert.equal(await slapd.bindAs(dn('locky'), INITIAL), false, 'the directory itself refuses');
    const entry = await directory.readUser(dn('locky'));
    assert.ok(entry?.lockedAt instanceof Date);
    assert.equal(entry.enabled, true);
    await directory.unlock(dn('locky'));
    await directory.unlock(dn('locky')); // idempotent
    assert.equal(await directory.verifyBind(dn('locky'), INITIAL), 'ok');
    assert.equal((await slapd.readEntry(dn('locky')))?.pwdFailureTime, undefined, 'failure count cleared too');
  });

  test('a disabled account (pwdAccountLockedTime 000001010000Z) is "disabled", and unlock does not enable it', async () => {
    assert.equal(await directory.verifyBind(dn('gone'), INITIAL), 'disabled');
    await directory.unlock(dn('gone'));
    assert.deepEqual((await slapd.readEntry(dn('gone')))?.pwdAccountLockedTime, ['000001010000Z']);
    assert.equal(await directory.verifyBind(dn('gone'), INITIAL), 'disabled');
  });

  test('changePassword: the directory policy refuses too short and reused passwords with the rule named', async () => {
    await assert.rejects(directory.changePassword(dn('changer'), INITIAL, 'Short1'), refused('directory.password_too_short'));
    await assert.rejects(
      directory.changePassword(dn('changer'), 'Not-The-Current-1', 'Second-Pass22'),
      refused('directory.current_password_wrong', 'currentPassword'),
    );
    assert.equal(await slapd.bindAs(dn('changer'), INITIAL), true, 'nothing changed');
    await directory.changePassword(dn('changer'), INITIAL, 'Second-Pass22');
    assert.equal(await slapd.bindAs(dn('changer'), 'Second-Pass22'), true);
    assert.equal(await slapd.bindAs(dn('changer'), INITIAL), false);
    await assert.rejects(directory.changePassword(dn('changer'), 'Second-Pass22', INITIAL), refused('directory.password_in_history'));
    assert.equal(await slapd.bindAs(dn('changer'), 'Second-Pass22'), true);
  });

  test('resetPassword with mustChange: the user must change at next bind, may change it, and a lock is cleared', async () => {
    for (let i = 0; i < 5; i++) await directory.verifyBind(dn('reset'), `Wrong-${i}-Pass`);
    assert.equal(await directory.verifyBind(dn('reset'), INITIAL), 'locked');
    await assert.rejects(directory.resetPassword(dn('reset'), 'short', { mustChange: true }), refused('directory.password_too_short'));
    await directory.resetPassword(dn('reset'), 'Temporary-Pass7', { mustChange: true });
    assert.deepEqual((await slapd.readEntry(dn('reset')))?.pwdReset, ['TRUE']);
    assert.equal((await slapd.readEntry(dn('reset')))?.pwdAccountLockedTime, undefined, 'unlocked');
    assert.equal((await directory.readUser(dn('reset')))?.mustChange, true);
    assert.equal(await directory.verifyBind(dn('reset'), 'Temporary-Pass7'), 'must_change');
    assert.equal(await directory.verifyBind(dn('reset'), INITIAL), 'wrong');
    await directory.changePassword(dn('reset'), 'Temporary-Pass7', 'Chosen-Pass99');
    assert.equal(await directory.verifyBind(dn('reset'), 'Chosen-Pass99'), 'ok');
    assert.equal((await slapd.readEntry(dn('reset')))?.pwdReset, undefined, 'ppolicy cleared pwdReset on the user’s own change');
  });

  test('resetPassword without mustChange leaves no pwdReset (and removes one set before)', async () => {
    await slapd.ldapModify(`dn: ${dn('resetfree')}\nchangetype: modify\nreplace: pwdReset\npwdReset: TRUE\n`);
    await directory.resetPassword(dn('resetfree'), 'Permanent-Pass8', { mustChange: false });
    assert.equal((await slapd.readEntry(dn('resetfree')))?.pwdReset, undefined);
    assert.equal(await directory.verifyBind(dn('resetfree'), 'Permanent-Pass8'), 'ok');
  });

  test('an expired password (pwdMaxAge passed, no grace) is "expired": the password was right', async () => {
    await slapd.ldapAdd(
      `dn: cn=short,ou=policies,${slapd.baseDn}\nobjectClass: device\nobjectClass: pwdPolicy\ncn: short\npwdAttribute: userPassword\npwdMaxAge: 2\npwdGraceAuthNLimit: 0\npwdMinLength: 8\npwdCheckQuality: 2\n`,
    );
    await slapd.ldapModify(`dn: ${dn('old')}\nchangetype: modify\nreplace: pwdPolicySubentry\npwdPolicySubentry: cn=short,ou=policies,${slapd.baseDn}\n`);
    await directory.resetPassword(dn('old'), 'Ageing-Pass11', { mustChange: false });
    await new Promise((r) => setTimeout(r, 3100));
    assert.equal(await directory.verifyBind(dn('old'), 'Ageing-Pass11'), 'expired');
    assert.equal(await directory.verifyBind(dn('old'), 'Wrong-Pass-11'), 'wrong');
    // The forced change that follows works although the user can no longer bind; the old password is still checked.
    await assert.rejects(
      directory.changePassword(dn('old'), 'Wrong-Pass-11', 'Renewed-Pass12'),
      refused('directory.current_password_wrong', 'currentPassword'),
    );
    await assert.rejects(directory.changePassword(dn('old'), 'Ageing-Pass11', 'short'), refused('directory.password_too_short'));
    await directory.changePassword(dn('old'), 'Ageing-Pass11', 'Renewed-Pass12');
    assert.equal(await directory.verifyBind(dn('old'), 'Renewed-Pass12'), 'ok');
  });

  test('a reset or unlock of a user the directory no longer has is directory.user_missing', async () => {
    const missing = (err: unknown) => err instanceof AppError && err.code === 'directory.user_missing';
    await assert.rejects(directory.resetPassword(dn('nobody'), 'Whatever-Pass1', { mustChange: false }), missing);
    await assert.rejects(directory.unlock(dn('nobody')), missing);
  });
});
