import assert from 'node:assert/strict';
import { test } from 'node:test';
import { roleIds } from '../../shared/roles.js';
import { validateFields } from '../../server/features/users/service.js';
import { identifierKey } from '../../server/features/users/model.js';
import { demoGroups, generateDemoUsers, rolePlan, slug } from './generate.js';

test('slug makes user principal name parts from Dutch and English names', () => {
  assert.equal(slug('Chloë'), 'chloe');
  assert.equal(slug("in 't Veld"), 'intveld');
  assert.equal(slug("O'Brien"), 'obrien');
  assert.equal(slug('van der Meer'), 'vandermeer');
  assert.equal(slug('Gert-Jan'), 'gert-jan');
});

test('generateDemoUsers is deterministic, valid and unique, and avoids names already taken', () => {
  const options = { count: 2000, seed: 7, domain: 'Contoso.example', taken: new Set([identifierKey('jan.jansen@contoso.example')]) };
  const users = generateDemoUsers(options);
  assert.deepEqual(generateDemoUsers(options), users);
  assert.notDeepEqual(generateDemoUsers({ ...options, seed: 8 }).slice(0, 5), users.slice(0, 5));
  assert.equal(users.length, 2000);
  assert.equal(new Set(users.map((u) => identifierKey(u.userPrincipalName))).size, 2000);
  assert.ok(!users.some((u) => u.userPrincipalName === 'jan.jansen@contoso.example'));
  for (const user of users) assert.deepEqual(validateFields(user), [], user.userPrincipalName);
  assert.ok(users.every((u) => u.userPrincipalName.endsWith('@contoso.example') && u.mail === u.userPrincipalName));
  assert.ok(
    users.some((u) => u.surname?.startsWith('van ')),
    'Dutch surnames with prefixes',
  );
  assert.ok(users.some((u) => !u.accountEnabled) && users.some((u) => u.forceChangePassword));
  assert.ok(users.some((u) => u.mobilePhone?.startsWith('+31 6 ')));
});

test('every admin role is held by one to three enabled users who need not change their password', () => {
  const users = generateDemoUsers({ count: 200, seed: 1, domain: 'contoso.example', taken: new Set() });
  for (const role of roleIds) {
    const holders = users.filter((u) => u.roles.includes(role));
    assert.ok(holders.length >= 1 && holders.length <= 3, `${role}: ${holders.length}`);
    assert.ok(holders.every((u) => u.accountEnabled && !u.forceChangePassword));
  }
  const planned = rolePlan.reduce((n, r) => n + r.count, 0);
  assert.equal(
    users.reduce((n, u) => n + u.roles.length, 0),
    planned,
  );
  const groups = demoGroups();
  assert.ok(groups.length >= 10);
  assert.ok(users.every((u) => groups.some((g) => g.displayName === u.department && g.includes(u))));
});
