// The password pages' browser suites (password.test.ts, password-settings.test.ts): their seed,
// with an Authentication Policy Administrator, a User Administrator, two users and two who must
// change their password.
import type { TestServer } from './server.js';
import { seedUsers } from './web.js';

/** A password the policy accepts. */
export const NEW_PASSWORD = 'Kx7#mQ2v!Lp9wR';

export async function seedPasswordUsers(server: TestServer): Promise<void> {
  await seedUsers(server, [
    { userPrincipalName: 'irvin.sayers@contoso.test', displayName: 'Irvin Sayers', roles: ['authentication-policy-administrator'] },
    { userPrincipalName: 'nestor.wilke@contoso.test', displayName: 'Nestor Wilke', roles: ['user-administrator'] },
    { userPrincipalName: 'adele.vance@contoso.test', displayName: 'Adele Vance', givenName: 'Adele', surname: 'Vance' },
    { userPrincipalName: 'alex.wilber@contoso.test', displayName: 'Alex Wilber', givenName: 'Alex', surname: 'Wilber' },
    { userPrincipalName: 'lidia.holloway@contoso.test', displayName: 'Lidia Holloway', givenName: 'Lidia', surname: 'Holloway', mustChangePassword: true },
    { userPrincipalName: 'megan.bowen@contoso.test', displayName: 'Megan Bowen', givenName: 'Megan', surname: 'Bowen', mustChangePassword: true },
  ]);
}
