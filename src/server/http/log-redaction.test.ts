import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/test-app.js';

// ASVS 16.2.5, checklist AU3: a canary password, the session token and the CSRF token never
// appear in the log, raw or encoded, whatever the request does.
const CANARY = 'Canary-Pa55word-7f3e9c';
let t: TestApp;
before(async () => {
  t = await createTestApp({ config: { logLevel: 'trace' } });
  await t.createUser({ userPrincipalName: 'canary@contoso.example', password: CANARY });
});
after(() => t.close());

const forms = (secret: string) => [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')];

test('passwords, tokens and cookies never reach the log', async () => {
  const { cookie, csrf } = await t.signIn('canary@contoso.example', CANARY);
  const token = /latchkey_session=([^;]+)/.exec(cookie)![1]!;
  await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'canary@contoso.example', password: CANARY + 'x' } });
  await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: CANARY, password: CANARY } });
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: `{"username":"x","password":"${CANARY}"`,
    headers: { 'content-type': 'application/json' },
  });
  await t.app.inject({ method: 'GET', url: `/api/v1/users?search=x&token=${CANARY}`, headers: { cookie } });
  await t.app.inject({ method: 'PATCH', url: '/api/v1/me', payload: { preferredLanguage: 'nl', password: CANARY }, headers: { cookie, 'x-csrf-token': csrf } });
  await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie, authorization: `Bearer ${CANARY}` } });
  await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie, 'x-csrf-token': csrf } });

  const log = t.logs.join('');
  assert.ok(t.logs.length > 10, 'the requests were logged');
  assert.match(log, /"url":"\/api\/v1\/users\?search=…&token=…"/, 'query strings keep only their keys');
  for (const secret of [CANARY, token, csrf]) {
    for (const form of forms(secret)) assert.ok(!log.includes(form), `log contains a secret (${form.slice(0, 6)}…)`);
  }
});

test('the database holds no password in clear (S4)', async () => {
  const rows = await t.db.db.selectFrom('app_user').selectAll().execute();
  const audit = await t.db.db.selectFrom('audit_event').selectAll().execute();
  const sessions = await t.db.db.selectFrom('session').selectAll().execute();
  const dump = JSON.stringify([rows, audit, sessions]);
  for (const form of forms(CANARY)) assert.ok(!dump.includes(form));
});

test('a reset portal flow id (its bearer token), codes and security answers never reach the log (R15)', async () => {
  const flowToken = 'FlowToken-abcdefghijklmnopqrstuvwxyz0123456789';
  for (const step of ['', '/send', '/verify', '/password', '/contact-admin']) {
    await t.app.inject({
      method: step ? 'POST' : 'GET',
      url: `/api/v1/recovery/flows/${flowToken}${step}`,
      payload: step ? { method: 'email', code: '12345678', newPassword: CANARY } : undefined,
    });
  }
  const log = t.logs.join('');
  assert.match(log, /"url":"\/api\/v1\/recovery\/flows\/…\/verify"/);
  for (const form of forms(flowToken)) assert.ok(!log.includes(form), 'the flow token is not logged');
  for (const form of forms(CANARY)) assert.ok(!log.includes(form));
});
