// The reports browser suites (reports*.test.ts): their seed, with a Reports Reader, an
// Authentication Administrator, a Global Administrator, two users and two failed sign-ins.
import assert from 'node:assert/strict';
import type { TestServer } from './server.js';
import { seedUsers } from './web.js';

export async function seedReports(server: TestServer): Promise<void> {
  await seedUsers(server, [
    { userPrincipalName: 'pradeep.gupta@contoso.test', displayName: 'Pradeep Gupta', roles: ['reports-reader'] },
    { userPrincipalName: 'grady.archie@contoso.test', displayName: 'Grady Archie', roles: ['authentication-administrator'] },
    { userPrincipalName: 'miriam.graham@contoso.test', displayName: 'Miriam Graham', roles: ['global-administrator'] },
    { userPrincipalName: 'adele.vance@contoso.test', displayName: 'Adele Vance' },
    { userPrincipalName: 'megan.bowen@contoso.test', displayName: 'Megan Bowen' },
  ]);
  // Failed sign-ins for the log: two wrong passwords for Adele.
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${server.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'adele.vance@contoso.test', password: 'Wrong-1' }),
    });
    assert.equal(res.status, 401);
  }
}
