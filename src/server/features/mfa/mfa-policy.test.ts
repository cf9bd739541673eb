/**
 * The sign-in MFA policy (issue 17; checklist A2): who is asked, the settings document's
 * authority, validation and audit (ADR 0003), and passwordless passkeys switched off.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../core/crypto.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import type { RoleId } from '../../../shared/roles.js';
import { giveAuthenticator, newBrowser, passwordStep, send, setMfaPolicy } from './mfa.fixture.js';
import { defaultMfaSettings } from './settings.js';

const PASSWORD = 'Harbor-Quilt-Zebra-71!';

describe('sign-in MFA policy', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ mfa: 'product-defaults' });
  });
  after(() => t.close());

  const user = async (name: string, roles: RoleId[] = []) =>
    (await t.createUser({ userPrincipalName: `${name}@contoso.example`, password: PASSWORD, roles })).id;
  const asked = async (name: string) => {
    const res = await passwordStep(t, newBrowser(), `${name}@contoso.example`, PASSWORD);
    assert.equal(res.statusCode, 200, res.body);
    return { mfa: res.json().mfaRequired as boolean, register: res.json().registrationRequired as boolean };
  };

  test('the defaults: every admin role must use MFA; others only when they registered a second factor (A2)', async () => {
    assert.deepEqual(defaultMfaSettings.administrators, 'required');
    for (const role of ['global-administrator', 'helpdesk-administrator', 'reports-reader'] as const) {
      await user(`default-${role}`, [role]);
      assert.deepEqual(await asked(`default-${role}`), { mfa: true, register: true }, role);
    }
    await user('plain');
    assert.deepEqual(await asked('plain'), { mfa: false, register: false }, 'no second factor, no policy: a password is enough');
    const id = await user('has-app');
    await giveAuthenticator(t, id);
    assert.deepEqual(await asked('has-app'), { mfa: true, register: false }, 'a registered app is asked for ("has MFA")');
  });

  test("everyone 'off', 'required', and one group", async () => {
    await user('scoped-member');
    await user('scoped-other');
    const appUser = await user('off-app');
    await giveAuthenticator(t, appUser);
    try {
      await setMfaPolicy(t, { everyone: 'off' });
      assert.deepEqual(await asked('off-app'), { mfa: false, register: false }, "'off' does not ask even with an app");
      await setMfaPolicy(t, { everyone: 'required' });
      assert.deepEqual(await asked('scoped-other'), { mfa: true, register: true }, "'required' makes users register");
      const groupId = newId();
      await t.repos.groups.create({ id: groupId, displayName: 'MFA pilot' }, t.clock.now());
      await t.repos.groups.addMembers(groupId, [(await t.repos.users.findBySignInName('scoped-member@contoso.example'))!.id]);
      await setMfaPolicy(t, { everyone: 'required', groupId });
      assert.deepEqual(await asked('scoped-member'), { mfa: true, register: true }, 'a member of the group must');
      assert.deepEqual(await asked('scoped-other'), { mfa: false, register: false }, 'others are optional');
    } finally {
      await setMfaPolicy(t, defaultMfaSettings);
    }
  });

  test('GET/PUT /settings/multifactor: Global and Authentication Policy Administrators only, validated, audited', async () => {
    await setMfaPolicy(t, { administrators: 'optional' });
    try {
      await user('ga', ['global-administrator']);
      await user('apa', ['authentication-policy-administrator']);
      await user('hd', ['helpdesk-administrator']);
      const ga = newBrowser();
      const apa = newBrowser();
      const hd = newBrowser();
      await passwordStep(t, ga, 'ga@contoso.example', PASSWORD);
      await passwordStep(t, apa, 'apa@contoso.example', PASSWORD);
      await passwordStep(t, hd, 'hd@contoso.example', PASSWORD);
      assert.equal((await send(t, hd, 'GET', '/api/v1/settings/multifactor')).statusCode, 403, 'Helpdesk Administrator cannot read it');
      const read = await send(t, apa, 'GET', '/api/v1/settings/multifactor');
      assert.deepEqual([read.statusCode, read.json().administrators], [200, 'optional']);
      const next = { ...defaultMfaSettings, administrators: 'optional', rememberDeviceDays: 14, passwordless: false };
      const saved = await send(t, apa, 'PUT', '/api/v1/settings/multifactor', next);
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal((await send(t, hd, 'PUT', '/api/v1/settings/multifactor', next)).statusCode, 403);
      const tooLong = await send(t, ga, 'PUT', '/api/v1/settings/multifactor', { ...next, rememberDeviceDays: 366 });
      assert.deepEqual([tooLong.statusCode, tooLong.json().code], [400, 'request.validation_failed']);
      const noGroup = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/settings/multifactor',
        headers: { cookie: ga.cookie, 'x-csrf-token': ga.csrf, 'accept-language': 'nl' },
        payload: { ...next, groupId: 'no-such-group' },
      });
      assert.deepEqual([noGroup.statusCode, noGroup.json().code, noGroup.json().issues[0].message], [400, 'mfa.settings_invalid', 'Deze groep bestaat niet.']);
      const audit = await t.repos.audit.list({ limit: 50 });
      assert.equal(audit.filter((e) => e.action === 'settings.mfa_updated').length, 1, 'the one accepted save is audited');
      // passwordless off: the public passkey routes say so, before any ceremony.
      t.services.mfaConfig.invalidate();
      const options = await t.app.inject({ method: 'POST', url: '/api/v1/auth/passkey/options' });
      assert.deepEqual([options.statusCode, options.json().code], [403, 'auth.passwordless_disabled']);
    } finally {
      await setMfaPolicy(t, defaultMfaSettings);
    }
  });
});
