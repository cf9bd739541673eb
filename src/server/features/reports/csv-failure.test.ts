// Issue 12 fuzzing: an export whose query fails answered 200, then dropped the connection half-way
// (the client saw no answer at all). The first page is now read before anything is sent, so a
// failure is a clean problem+json (checklist I7: generic errors only).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { testEngines } from '../../testing/databases.js';
import { createTestApp } from '../../testing/test-app.js';

for (const engine of testEngines()) {
  describe(`reports: a failing CSV export (${engine})`, () => {
    for (const [url, table] of [
      ['/api/v1/reports/password-reset/registration.csv', 'security_info'],
      ['/api/v1/reports/password-reset/activity.csv', 'recovery_flow'],
    ] as const) {
      test(`${url} answers a problem, not a dropped connection, when its query fails`, async () => {
        const app = await createTestApp({ engine });
        try {
          await app.createUser({ userPrincipalName: 'reader@contoso.example', password: 'Harbor-Quilt-Zebra-71!', roles: ['reports-reader'] });
          const reader = await app.signIn('reader@contoso.example', 'Harbor-Quilt-Zebra-71!');
          assert.equal((await app.app.inject({ method: 'GET', url, headers: { cookie: reader.cookie } })).statusCode, 200);
          await sql.raw(`drop table ${table}${engine === 'postgres' ? ' cascade' : ''}`).execute(app.db.db);
          const res = await app.app.inject({ method: 'GET', url, headers: { cookie: reader.cookie } });
          assert.equal(res.statusCode, 500);
          assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
          assert.equal(res.json<{ code: string }>().code, 'server.internal');
        } finally {
          await app.close();
        }
      });
    }
  });
}
