// Checklist P8 (NIST SP 800-63B-4 §3.1.1.2 items 7-8; ASVS 6.4.2): no password hints, and no
// knowledge-based prompts when a password is chosen. Proved three ways: no operation that sets a
// password has a hint or question field (OpenAPI, generated from the routes' own schemas); a hint
// sent anyway is refused or dropped and stored nowhere; no table has a column for one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';
const HINT_FIELD = /hint|question|answer|reminder|clue/i;
const CANARY = 'my-dog-is-called-Canary-4711';

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[] };

for (const engine of testEngines()) {
  describe(`P8: no password hints, no knowledge-based prompts at password selection (${engine})`, () => {
    let t: TestApp;
    let admin: { cookie: string; csrf: string };
    before(async () => {
      t = await createTestApp({ engine });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      admin = await t.signIn('admin@contoso.example', PASSWORD);
    });
    after(() => t.close());

    test('no operation that sets a password has a hint, question or answer field', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
        paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
        components?: { schemas?: Record<string, Schema> };
      }>();
      const fields = (s: Schema | undefined, seen = new Set<Schema>()): string[] => {
        if (!s || seen.has(s)) return [];
        seen.add(s);
        if (s.$ref) return fields(doc.components?.schemas?.[s.$ref.split('/').pop()!], seen);
        const nested = [...Object.values(s.properties ?? {}), ...(s.items ? [s.items] : []), ...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])];
        return [...Object.keys(s.properties ?? {}), ...nested.flatMap((x) => fields(x, seen))];
      };
      const selecting: string[] = [];
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(operations)) {
          const names = fields(op.requestBody?.content?.['application/json']?.schema);
          // Choosing a password: a new password, a user's first password, or an admin's chosen one (not sign-in or a check).
          const sets = names.some((n) => /^(newPassword|passwordProfile)$/.test(n)) || (names.includes('password') && /reset|users$|jobs/.test(path));
          if (!sets) continue;
          selecting.push(`${method.toUpperCase()} ${path}`);
          assert.deepEqual(
            names.filter((n) => HINT_FIELD.test(n)),
            [],
            `${method.toUpperCase()} ${path} asks for nothing but the password`,
          );
        }
      }
      // The operations that choose a password are all there, so the loop above looked at them.
      for (const op of [
        'POST /api/v1/me/change-password',
        'POST /api/v1/users',
        'POST /api/v1/users/{id}/reset-password',
        'POST /api/v1/password-links/redeem',
        'POST /api/v1/password-reset-jobs',
        'POST /api/v1/recovery/flows/{id}/password',
      ])
        assert.ok(selecting.includes(op), `${op} is one of the operations checked (${selecting.join(', ')})`);
    });

    test('a hint sent anyway is refused or dropped, and stored nowhere', async () => {
      const send = (method: 'POST', url: string, payload: object, who: { cookie: string; csrf: string } | null) =>
        t.app.inject({ method, url, payload, headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {} });
      const created = await send(
        'POST',
        '/api/v1/users',
        {
          userPrincipalName: 'hinted@contoso.example',
          displayName: 'Hinted',
          passwordProfile: { password: PASSWORD, forceChangePasswordNextSignIn: false, passwordHint: CANARY },
          passwordHint: CANARY,
        },
        admin,
      );
      assert.ok([201, 400].includes(created.statusCode), created.body);
      if (created.statusCode === 400) await t.createUser({ userPrincipalName: 'hinted@contoso.example', password: PASSWORD });
      const user = await t.signIn('hinted@contoso.example', PASSWORD);
      const changed = await send('POST', '/api/v1/me/change-password', { currentPassword: PASSWORD, newPassword: NEW, passwordHint: CANARY }, user);
      assert.ok([204, 400].includes(changed.statusCode), changed.body);
      assert.ok(!JSON.stringify([created.json(), changed.body]).includes(CANARY) || created.statusCode === 400, 'no hint is echoed');

      // Every row of every table: the hint is nowhere.
      const tables = await t.db.db.introspection.getTables();
      assert.ok(tables.length > 10);
      for (const table of tables) {
        const rows = await t.db.db
          .selectFrom(table.name as 'app_user')
          .selectAll()
          .execute();
        assert.ok(!JSON.stringify(rows).includes(CANARY), `${table.name} holds no hint`);
      }
    });

    test('no table has a column for a password hint', async () => {
      const tables = await t.db.db.introspection.getTables();
      const columns = tables.flatMap((table) => table.columns.map((c) => `${table.name}.${c.name}`));
      assert.ok(
        columns.some((c) => c === 'app_user.password_hash'),
        'the introspection sees the user table',
      );
      assert.deepEqual(
        columns.filter((c) => /hint|reminder|clue/i.test(c)),
        [],
      );
    });
  });
}
