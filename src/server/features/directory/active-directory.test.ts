/*
 * The connector with kind 'active-directory' against a real Samba AD domain controller (issue 14;
 * testing/samba-ad.ts): ldaps with a CA file, the AD attribute map and paged search, objectGUID /
 * uSNChanged, verifyBind from AD's "data" codes, a user's change as unicodePwd delete + add bound as
 * the user, an admin reset as a replace by a service account holding only delegated rights
 * (pwdLastSet=0 for must-change), 0000052D refusals, unlock by lockoutTime=0, an outage, and a
 * sync into Latchkey on both engines. Samba's own rules decide; nothing is mocked.
 * Checklist: passwords only over an encrypted connection (unicodePwd needs it), never logged (AU3).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../config/load.js';
import { AppError } from '../../core/errors.js';
import type { Actor } from '../../core/identity.js';
import { testEngines } from '../../testing/databases.js';
import { sambaAdSkip, startSambaAd, type SambaAd, type SambaUser } from '../../testing/samba-ad.js';
import { createTestApp } from '../../testing/test-app.js';
import { createDirectoryConnectorFromConfig } from './connector.js';
import type { DirectoryConnector, DirectoryEntry } from '../../core/directory.js';

const skip = sambaAdSkip();
const P = (name: string) => `${name}-Seed-Pass-42!`;
const users: SambaUser[] = [
  {
    sam: 'adele',
    password: P('Adele'),
    givenName: 'Adele',
    sn: 'Vance',
    displayName: 'Adele Vance',
    mail: 'Adele.Vance@contoso.example',
    mobile: '+31 6 1234 5678',
    telephoneNumber: '+31 20 555 0100',
    department: 'Sales',
    title: 'Sales lead',
  },
  ...['bram', 'carla', 'dirk', 'eva', 'femke', 'gijs'].map((sam) => ({ sam, password: P(sam), sn: sam })),
  { sam: 'henk', password: P('henk'), sn: 'Henk', disabled: true },
];
const rejects = async (p: Promise<unknown>, code: string, issue?: string) =>
  assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof AppError, `expected AppError ${code}, got ${String(err)}`);
    assert.equal(err.code, code);
    if (issue)
      assert.deepEqual(
        (err.issues ?? []).map((i) => i.code),
        [issue],
      );
    return true;
  });

describe('Active Directory connector against Samba AD', { skip, timeout: 600_000 }, () => {
  let ad: SambaAd;
  let directory: DirectoryConnector;
  let dataDir: string;

  before(
    async () => {
      ad = await startSambaAd({ users, groups: [{ cn: 'Sales', members: ['adele', 'bram'], description: 'Sales team' }] });
      dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-ad-test-'));
      directory = createDirectoryConnectorFromConfig(loadConfig({}, { dataDir, ...ad.config() }), {})!;
    },
    { timeout: 300_000 },
  );
  after(async () => {
    await directory?.close();
    await ad?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const all = async (options: Parameters<DirectoryConnector['searchUsers']>[0]) => {
    const pages: DirectoryEntry[][] = [];
    for await (const page of directory.searchUsers(options)) pages.push(page);
    return pages;
  };

  test('search: paged, the AD attribute map, objectGUID, groups, disabled; incremental by uSNChanged', async () => {
    const marker = await directory.changeMarker();
    assert.match(marker, /^\d+$/);
    const pages = await all({ pageSize: 3 });
    assert.ok(pages.length >= 3, `expected several pages, got ${pages.length}`);
    const entries = pages.flat();
    assert.deepEqual(entries.map((e) => e.uid).sort(), users.map((u) => u.sam).sort());
    const adele = entries.find((e) => e.uid === 'adele')!;
    assert.equal(adele.dn, ad.userDn('adele'));
    assert.match(adele.immutableId, /^[0-9a-f]{32}$/);
    assert.equal(adele.userPrincipalName, 'adele@ad.contoso.example');
    assert.deepEqual(
      [adele.mail, adele.givenName, adele.surname, adele.displayName, adele.mobilePhone, adele.businessPhones, adele.department, adele.jobTitle],
      ['Adele.Vance@contoso.example', 'Adele', 'Vance', 'Adele Vance', '+31 6 1234 5678', ['+31 20 555 0100'], 'Sales', 'Sales lead'],
    );
    assert.deepEqual([adele.enabled, adele.lockedAt, adele.mustChange], [true, null, false]);
    assert.deepEqual(adele.groups, [ad.groupDn('Sales')]);
    assert.equal(entries.find((e) => e.uid === 'henk')!.enabled, false);
    const groups = await directory.searchGroups();
    const sales = groups.find((g) => g.dn === ad.groupDn('Sales'))!;
    assert.deepEqual([...sales.members].sort(), [ad.userDn('adele'), ad.userDn('bram')].sort());
    assert.equal(sales.description, 'Sales team');

    await ad.ldapModify(`dn: ${ad.userDn('carla')}\nchangetype: modify\nreplace: title\ntitle: Controller\n`);
    const changed = (await all({ since: marker })).flat();
    assert.deepEqual(
      changed.map((e) => e.uid),
      ['carla'],
    );
    assert.equal(changed[0]!.jobTitle, 'Controller');
    assert.equal((await directory.findUser('carla'))?.dn, ad.userDn('carla'));
    assert.equal((await directory.readUser(ad.userDn('carla')))?.uid, 'carla');
    assert.equal(await directory.readUser(`CN=nobody,${ad.baseDn}`), null);
  });

  test('verifyBind maps AD: ok, wrong, disabled', async () => {
    assert.equal(await directory.verifyBind(ad.userDn('bram'), P('bram')), 'ok');
    assert.equal(await directory.verifyBind(ad.userDn('bram'), 'Not-The-Password-1!'), 'wrong');
    assert.equal(await directory.verifyBind(ad.userDn('henk'), P('henk')), 'disabled');
  });

  test("a user's change is unicodePwd delete old + add new, bound as the user; AD's refusals change nothing", async () => {
    const dn = ad.userDn('dirk');
    const next = 'Dirk-Changed-Pass-77!';
    await rejects(directory.changePassword(dn, P('dirk'), 'short'), 'directory.password_refused', 'directory.password_too_short');
    await rejects(directory.changePassword(dn, 'Wrong-Current-Pass-1!', next), 'directory.password_refused', 'directory.current_password_wrong');
    assert.equal(await ad.bindAs(dn, P('dirk')), 'ok', 'refused changes leave the old password');
    await directory.changePassword(dn, P('dirk'), next);
    assert.equal(await ad.bindAs(dn, next), 'ok');
    assert.equal(await ad.bindAs(dn, P('dirk')), 'wrong');
    // History (3): the password just left is refused, as AD's policy says.
    await rejects(directory.changePassword(dn, next, P('dirk')), 'directory.password_refused', 'directory.password_in_history');
  });

  test('an admin reset is a replace by the service account; mustChange sets pwdLastSet=0 and verifyBind says must_change', async () => {
    const dn = ad.userDn('eva');
    await rejects(directory.resetPassword(dn, 'abc', { mustChange: false }), 'directory.password_refused', 'directory.password_too_short');
    assert.equal(await ad.bindAs(dn, P('eva')), 'ok');
    await directory.resetPassword(dn, 'Eva-Reset-Pass-2024!', { mustChange: true });
    assert.equal((await ad.readEntry(dn, ['pwdLastSet']))?.pwdLastSet?.[0], '0');
    assert.equal(await ad.bindAs(dn, 'Eva-Reset-Pass-2024!'), 'must_change');
    assert.equal(await directory.verifyBind(dn, 'Eva-Reset-Pass-2024!'), 'must_change');
    assert.equal(await directory.verifyBind(dn, P('eva')), 'wrong');
    assert.equal((await directory.readUser(dn))?.mustChange, true);
    await directory.resetPassword(dn, 'Eva-Reset-Pass-2025!', { mustChange: false });
    assert.equal(await directory.verifyBind(dn, 'Eva-Reset-Pass-2025!'), 'ok');
  });

  test('a lockout shows as locked; unlock sets lockoutTime=0; a reset unlocks too', async () => {
    const dn = ad.userDn('femke');
    // The third failure (the domain's threshold) locks; AD still answers it as a wrong password (52e).
    for (let i = 0; i < 3; i++) assert.equal(await ad.bindAs(dn, `Wrong-${i}-Password!`), 'wrong');
    assert.equal(await ad.bindAs(dn, P('femke')), 'locked');
    assert.equal(await directory.verifyBind(dn, P('femke')), 'locked');
    assert.ok((await directory.readUser(dn))?.lockedAt instanceof Date);
    await directory.unlock(dn);
    assert.equal((await ad.readEntry(dn, ['lockoutTime']))?.lockoutTime?.[0], '0');
    assert.equal(await directory.verifyBind(dn, P('femke')), 'ok');
    await directory.unlock(dn); // idempotent

    const gijs = ad.userDn('gijs');
    for (let i = 0; i < 3; i++) await ad.bindAs(gijs, `Wrong-${i}-Password!`);
    assert.equal(await ad.bindAs(gijs, P('gijs')), 'locked');
    await directory.resetPassword(gijs, 'Gijs-Reset-Pass-2024!', { mustChange: false });
    assert.equal(await ad.bindAs(gijs, 'Gijs-Reset-Pass-2024!'), 'ok');
  });

  test('Samba stopped: directory.unavailable and nothing changed; back: it works again', async () => {
    const dn = ad.userDn('bram');
    await ad.stop();
    try {
      await rejects(directory.resetPassword(dn, 'Bram-Outage-Pass-9!', { mustChange: false }), 'directory.unavailable');
      await rejects(directory.verifyBind(dn, P('bram')), 'directory.unavailable');
    } finally {
      await ad.start();
    }
    assert.equal(await ad.bindAs(dn, P('bram')), 'ok');
    assert.equal(await directory.verifyBind(dn, P('bram')), 'ok');
  });

  for (const engine of testEngines()) {
    test(`a sync brings AD users into Latchkey (${engine})`, async () => {
      const t = await createTestApp({ engine, config: ad.config() });
      try {
        const cli: Actor = { kind: 'system', name: 'cli' };
        const run = await t.services.directorySync.run(cli, { mode: 'full' });
        assert.equal(run.status, 'succeeded', JSON.stringify(run.errors));
        const row = await t.db.db.selectFrom('app_user').selectAll().where('on_premises_sam_key', '=', 'adele').executeTakeFirstOrThrow();
        assert.equal(row.user_principal_name, 'adele@ad.contoso.example');
        assert.equal(row.on_premises_dn, ad.userDn('adele'));
        assert.equal(row.password_hash, null);
        const henk = await t.db.db.selectFrom('app_user').selectAll().where('on_premises_sam_key', '=', 'henk').executeTakeFirstOrThrow();
        assert.equal(Boolean(henk.account_enabled), false);
      } finally {
        await t.close();
      }
    });
  }
});
