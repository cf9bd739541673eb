import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../core/errors.js';
import { slapdSkip, startSlapd, type Slapd } from '../../testing/slapd.js';
import { connectorFor } from './connector-fixture.js';
import type { DirectoryConnector, DirectoryEntry } from '../../core/directory.js';

async function collect(iterable: AsyncIterable<DirectoryEntry[]>): Promise<DirectoryEntry[][]> {
  const pages: DirectoryEntry[][] = [];
  for await (const page of iterable) pages.push(page);
  return pages;
}

describe('directory connector: reading OpenLDAP (real slapd)', { skip: slapdSkip() }, () => {
  let slapd: Slapd;
  let directory: DirectoryConnector;
  before(async () => {
    slapd = await startSlapd({
      users: [
        {
          uid: 'adele',
          givenName: 'Adele',
          sn: 'Vance',
          mail: 'Adele.Vance@contoso.example',
          mobile: '+31 6 1234 5678',
          telephoneNumber: '+31 20 555 0100',
          title: 'Retail Manager',
          departmentNumber: 'Retail',
          password: 'Initial-Pass1',
        },
        { uid: 'bob', sn: 'Builder', password: 'Initial-Pass1' },
        { uid: 'gone', sn: 'Disabled', password: 'Initial-Pass1', disabled: true },
        ...Array.from({ length: 7 }, (_, i) => ({ uid: `bulk${i}`, sn: `Bulk ${i}`, password: 'Initial-Pass1' })),
      ],
      groups: [
        { cn: 'sales', members: ['adele', 'bob'], description: 'Sales team' },
        { cn: 'retail', members: ['adele'] },
      ],
    });
    directory = connectorFor(slapd);
  });
  after(async () => {
    await directory?.close();
    await slapd?.close();
  });

  test('searchUsers pages through every user and maps the attributes to Graph names', async () => {
    const pages = await collect(directory.searchUsers({ pageSize: 4 }));
    assert.deepEqual(
      pages.map((p) => p.length),
      [4, 4, 2],
      'paged results of 4',
    );
    const all = pages.flat();
    const adele = all.find((u) => u.uid === 'adele');
    assert.ok(adele);
    assert.equal(adele.dn, slapd.userDn('adele'));
    assert.match(adele.immutableId, /^[0-9a-f-]{36}$/, 'entryUUID');
    assert.equal(adele.userPrincipalName, 'adele.vance@contoso.example', 'mail, lower-cased');
    assert.equal(adele.mail, 'Adele.Vance@contoso.example');
    assert.deepEqual([adele.givenName, adele.surname, adele.displayName], ['Adele', 'Vance', 'Adele Vance']);
    assert.equal(adele.mobilePhone, '+31 6 1234 5678');
    assert.deepEqual(adele.businessPhones, ['+31 20 555 0100']);
    assert.deepEqual([adele.department, adele.jobTitle], ['Retail', 'Retail Manager']);
    assert.deepEqual([adele.enabled, adele.lockedAt, adele.mustChange], [true, null, false]);
    assert.deepEqual(adele.groups.sort(), [slapd.groupDn('retail'), slapd.groupDn('sales')]);
    const bob = all.find((u) => u.uid === 'bob');
    assert.equal(bob?.userPrincipalName, 'bob@contoso.example', 'no mail: uid@default domain');
    assert.equal(bob?.mail, null);
    const gone = all.find((u) => u.uid === 'gone');
    assert.deepEqual([gone?.enabled, gone?.lockedAt], [false, null], 'pwdAccountLockedTime 000001010000Z is disabled, not locked');
  });

  test('an incremental search returns only what changed at or after the marker', async () => {
    const uids = async (since: string) =>
      (await collect(directory.searchUsers({ since })))
        .flat()
        .map((u) => u.uid)
        .sort();
    const touch = async (uid: string, title: string) => {
      await new Promise((r) => setTimeout(r, 1100)); // modifyTimestamp has whole seconds
      await slapd.ldapModify(`dn: ${slapd.userDn(uid)}\nchangetype: modify\nreplace: title\ntitle: ${title}\n`);
    };
    await touch('bob', 'Foreman');
    const first = await directory.changeMarker();
    assert.match(first, /^\d{14}Z$/);
    assert.deepEqual(await uids(first), ['bob'], 'the marker is the newest change: only bob');
    await touch('adele', 'Store Manager');
    const second = await directory.changeMarker();
    assert.ok(second > first, `${second} > ${first}`);
    assert.deepEqual(await uids(first), ['adele', 'bob'], 'a change after a marker is found from it');
    const [adele] = (await collect(directory.searchUsers({ since: second }))).flat();
    assert.deepEqual([adele?.uid, adele?.jobTitle], ['adele', 'Store Manager']);
    assert.equal(await directory.changeMarker(), second, 'no change: the same marker');
  });

  test('a search stops between pages when its signal aborts', async () => {
    const controller = new AbortController();
    const pages: DirectoryEntry[][] = [];
    for await (const page of directory.searchUsers({ pageSize: 3, signal: controller.signal })) {
      pages.push(page);
      controller.abort();
    }
    assert.equal(pages.length, 1);
  });

  test('searchGroups, readUser and findUser', async () => {
    const groups = await directory.searchGroups();
    const sales = groups.find((g) => g.displayName === 'sales');
    assert.equal(sales?.description, 'Sales team');
    assert.deepEqual(sales?.members.sort(), [slapd.userDn('adele'), slapd.userDn('bob')]);
    assert.equal((await directory.readUser(slapd.userDn('adele')))?.uid, 'adele');
    assert.equal(await directory.readUser(slapd.userDn('nobody')), null);
    assert.equal((await directory.findUser('adele'))?.dn, slapd.userDn('adele'));
    assert.equal((await directory.findUser('ADELE.VANCE@contoso.example'))?.uid, 'adele', 'by mail');
    assert.equal((await directory.findUser('bob@contoso.example'))?.uid, 'bob', 'uid@default domain');
    assert.equal(await directory.findUser('nobody'), null);
    assert.equal(await directory.findUser('*'), null, 'a wildcard is escaped, not a search for everyone (checklist I7)');
    assert.equal(await directory.findUser('bulk*'), null);
    assert.equal(await directory.findUser('ade*'), null, 'unescaped this would find adele');
    assert.equal(await directory.findUser('adele)(uid=*'), null);
  });

  test('ping proves the service account; a wrong service password is directory.misconfigured', async () => {
    await directory.ping();
    const wrong = connectorFor(slapd, { directoryBindPassword: 'not-the-service-password' });
    try {
      await assert.rejects(wrong.ping(), (err: unknown) => err instanceof AppError && err.code === 'directory.misconfigured');
      await assert.rejects(collect(wrong.searchUsers({})), (err: unknown) => err instanceof AppError && err.code === 'directory.misconfigured');
    } finally {
      await wrong.close();
    }
  });

  test('when slapd is down every call is directory.unavailable within the timeout, and the connector recovers when it is back', async () => {
    await directory.ping();
    await slapd.stop();
    try {
      for (const call of [
        () => directory.ping(),
        () => directory.verifyBind(slapd.userDn('adele'), 'Initial-Pass1'),
        () => directory.changeMarker(),
        () => directory.unlock(slapd.userDn('adele')),
      ]) {
        const started = Date.now();
        await assert.rejects(call(), (err: unknown) => err instanceof AppError && err.code === 'directory.unavailable');
        assert.ok(Date.now() - started < 4000, 'bounded by directoryTimeoutMs');
      }
    } finally {
      await slapd.start();
    }
    await directory.ping();
    assert.equal(await directory.verifyBind(slapd.userDn('adele'), 'Initial-Pass1'), 'ok');
  });
});

describe('directory connector: more users than slapd’s default size limit (real slapd)', { skip: slapdSkip() }, () => {
  let slapd: Slapd;
  let directory: DirectoryConnector;
  before(async () => {
    slapd = await startSlapd({ users: Array.from({ length: 620 }, (_, i) => ({ uid: `u${i}`, password: 'Initial-Pass1' })) });
    directory = connectorFor(slapd);
  });
  after(async () => {
    await directory?.close();
    await slapd?.close();
  });

  test('a full search pages through all 620 users and the marker reads them all', async () => {
    const pages = await collect(directory.searchUsers({ pageSize: 250 }));
    assert.deepEqual(
      pages.map((p) => p.length),
      [250, 250, 120],
    );
    assert.equal(new Set(pages.flat().map((u) => u.uid)).size, 620);
    assert.match(await directory.changeMarker(), /^\d{14}Z$/);
  });
});
