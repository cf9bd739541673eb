import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { openTestDb, testEngines } from '../../testing/databases.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';
import { createArgon2Hasher, type PasswordHasher } from '../passwords/hasher.js';
import { countingHasher, sqlRecorder } from '../../testing/instrumentation.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';
const allMethods = { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true };

for (const engine of testEngines()) {
  describe(`reset portal abuse resistance (${engine})`, () => {
    let t: TestApp;
    let d: ReturnType<typeof recoveryDriver>;
    let admin: { cookie: string; csrf: string };
    const recorder = sqlRecorder();
    let hasher: PasswordHasher & { count: number };
    before(async () => {
      const base = await openTestDb(engine);
      hasher = countingHasher(await createArgon2Hasher());
      t = await createTestApp({
        engine,
        hasher,
        db: base,
        config: { recoveryCaptchaMaxNumber: 50, rateLimitRecoveryPerIp: 100000, rateLimitRecoverySendsPerIp: 100000, rateLimitRecoveryVerifiesPerIp: 100000 },
      });
      const close = t.close.bind(t);
      t.close = async () => {
        await close();
        await base.close();
      };
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      admin = await t.signIn('admin@contoso.example', PASSWORD);
      d = recoveryDriver(t);
    });
    after(() => t.close());

    let n = 0;
    async function userWithEmail(options: { enabled?: boolean; group?: string } = {}) {
      n++;
      const upn = `person${n}@contoso.example`;
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      const who = await t.signIn(upn, PASSWORD);
      await d.registerCode(who, PASSWORD, 'email', `p${n}@example.org`);
      await d.registerCode(who, PASSWORD, 'mobilePhone', `+3161111${String(n).padStart(4, '0')}`);
      if (options.group) await t.repos.groups.addMembers(options.group, [id]);
      if (options.enabled === false) await t.repos.users.setFlags(id, { accountEnabled: false }, t.clock.now());
      return { id, upn, email: `p${n}@example.org`, who };
    }

    test('every kind of account gets the same answer for the same work (R1, R2)', async () => {
      await t.repos.groups.create({ id: 'sspr-pilot', displayName: 'SSPR pilot' }, t.clock.now());
      await d.configure(admin, {
        enabledFor: 'group',
        groupId: 'sspr-pilot',
        methods: { ...allMethods, officePhone: false, authenticatorApp: false, securityQuestions: false },
        methodsRequired: 1,
      });
      const eligible = await userWithEmail({ group: 'sspr-pilot' });
      const disabled = await userWithEmail({ group: 'sspr-pilot', enabled: false });
      const outOfScope = await userWithEmail();
      n++;
      const unregistered = `bare${n}@contoso.example`;
      await t.createUser({ userPrincipalName: unregistered, password: PASSWORD });
      await t.repos.groups.addMembers('sspr-pilot', [(await t.repos.users.findBySignInName(unregistered))!.id]);
      // Deliveries run after the response; stop the worker so only the requests' statements are recorded.
      await t.outboxWorker.stop();
      await t.services.resetJobs.stop();
      const classes = { eligible: eligible.upn, unknown: 'nobody@contoso.example', disabled: disabled.upn, outOfScope: outOfScope.upn, unregistered };
      const seen: Record<string, { status: number; headers: string[]; shape: string; statements: string[]; hashes: number; outbox: number }> = {};
      for (const [name, username] of Object.entries(classes)) {
        await t.outboxWorker.drain();
        const outboxBefore = Number(
          (
            await t.db.db
              .selectFrom('outbox')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
        const challenge = (await d.json(null, 'GET', '/api/v1/recovery/captcha')).json();
        const { solveCaptcha } = await import('../../testing/recovery.js');
        const captcha = solveCaptcha(challenge);
        recorder.log.length = 0;
        hasher.count = 0;
        const res = await d.json(null, 'POST', '/api/v1/recovery/flows', { username, captcha });
        const startStatements = [...recorder.log];
        recorder.log.length = 0;
        const sent = await d.send(res.json().id, res.json().methods[0].method);
        assert.equal(sent.statusCode, 200, sent.body);
        const outboxAfter = Number(
          (
            await t.db.db
              .selectFrom('outbox')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
        const body = res.json();
        seen[name] = {
          status: res.statusCode,
          headers: Object.keys(res.headers)
            .filter((h) => !['date', 'content-length', 'x-request-id'].includes(h))
            .sort(),
          // The flow id is random and the masked destinations differ per account; all else is byte-identical.
          // The flow id is random, and the masked methods are the account's own (or, for a name that
          // can't reset, a stable keyed-hash decoy): everything else is byte-identical.
          shape: JSON.stringify({
            ...body,
            id: 'ID',
            expiresAt: 'T',
            methods: body.methods.map((m: { method: string; destination: string | null }) => Object.keys(m).join()).slice(0, 1),
          }),
          // The settings cache refreshes on a timer, not per account: its reload is left out.
          statements: [...startStatements, '|send|', ...recorder.log].filter((s) => !/from "setting"/.test(s)),
          hashes: hasher.count,
          outbox: outboxAfter - outboxBefore,
        };
      }
      const reference = seen.eligible!;
      // The recorder sees compiled statements on every run, not only when they are compiled (the first class).
      for (const [name, s] of Object.entries(seen))
        assert.ok(
          s.statements.some((q) => q.startsWith('insert into "recovery_flow"')),
          `${name}: the flow insert is recorded`,
        );
      for (const [name, s] of Object.entries(seen)) {
        assert.equal(s.status, 201, name);
        assert.deepEqual(s.headers, reference.headers, `${name}: header set`);
        assert.equal(s.shape, reference.shape, `${name}: body`);
        assert.deepEqual(s.statements, reference.statements, `${name}: the same statements in the same order`);
        assert.equal(s.hashes, reference.hashes, `${name}: the same argon2id work`);
        assert.equal(s.outbox, 1, `${name}: one outbox write`);
      }
      await t.outboxWorker.drain();
      const delivered = await t.repos.outbox.list({ limit: 50 });
      assert.ok(
        delivered.some((m) => m.recipient === eligible.email && m.template === 'recovery-code'),
        'the eligible user got a code',
      );
      assert.ok(
        delivered.some((m) => m.recipient === outOfScope.upn && m.template === 'recovery-not-possible'),
        'out of scope: told, at the account\u2019s own mailbox, to contact the admin',
      );
      assert.ok(
        !delivered.some((m) => (m.recipient === disabled.email || m.recipient === disabled.upn) && m.template.startsWith('recovery-')),
        'a disabled account gets nothing',
      );
      t.outboxWorker.start();
      t.services.resetJobs.start();
    });

    test('50 concurrent redemptions of one code: exactly one succeeds (R6)', async () => {
      await d.configure(admin, { enabledFor: 'all', methods: allMethods, methodsRequired: 1 });
      const user = await userWithEmail();
      const flow = (await d.start(user.upn)).json();
      await d.send(flow.id, 'email');
      const code = await latestCode(t, user.email);
      const results = await Promise.all(Array.from({ length: 50 }, () => d.verify(flow.id, { method: 'email', code })));
      assert.equal(results.filter((r) => r.statusCode === 200).length, 1, results.map((r) => r.statusCode + ':' + (r.json().code ?? '')).join(','));
      const passwords = await Promise.all(Array.from({ length: 20 }, () => d.password(flow.id, NEW)));
      assert.equal(passwords.filter((r) => r.statusCode === 200).length, 1, passwords.map((r) => r.statusCode + ':' + (r.json().code ?? '')).join(','));
      const events = (await t.repos.audit.listForTarget(user.id, 100)).filter((e) => e.action === 'user.password_reset_self');
      assert.equal(events.length, 1, 'exactly one password-change event');
    });

    test('codes: single use, 5 minutes, bound to their flow, replaced by a newer one, void after a password change (R5, R7, R8)', async () => {
      await d.configure(admin, { enabledFor: 'all', methods: allMethods, methodsRequired: 1 });
      const user = await userWithEmail();
      const a = (await d.start(user.upn)).json();
      const b = (await d.start(user.upn)).json();
      await d.send(a.id, 'email');
      const codeA = await latestCode(t, user.email);
      assert.equal((await d.verify(b.id, { method: 'email', code: codeA })).json().code, 'recovery.code_invalid', 'a code of another flow');
      await d.send(a.id, 'email');
      const codeA2 = await latestCode(t, user.email);
      assert.notEqual(codeA, codeA2);
      assert.equal((await d.verify(a.id, { method: 'email', code: codeA })).json().code, 'recovery.code_invalid', 'the older code is void');
      t.clock.advance(301_000);
      assert.equal((await d.verify(a.id, { method: 'email', code: codeA2 })).json().code, 'recovery.code_invalid', 'expired after 5 minutes');
      await d.send(a.id, 'email');
      const codeA3 = await latestCode(t, user.email);
      t.clock.advance(299_000);
      // The admin resets the password meanwhile: the flow is stale.
      await t.repos.users.setPasswordHash(user.id, await t.hasher.hash('Another-Password-99!'), t.clock.now(), { changed: true });
      assert.equal((await d.verify(a.id, { method: 'email', code: codeA3 })).json().code, 'recovery.flow_expired');
      const stored =
        JSON.stringify(await t.db.db.selectFrom('recovery_code').selectAll().execute()) +
        JSON.stringify(await t.db.db.selectFrom('outbox').selectAll().execute());
      assert.ok(![codeA, codeA2, codeA3].some((c) => stored.includes(c)), 'codes are stored hashed and sealed only (S9)');
    });

    test('disabling the account after the code was sent voids it (R8e); the flow ends after 15 minutes', async () => {
      await d.configure(admin, { enabledFor: 'all', methods: allMethods, methodsRequired: 1 });
      const user = await userWithEmail();
      const flow = (await d.start(user.upn)).json();
      await d.send(flow.id, 'email');
      const code = await latestCode(t, user.email);
      await t.repos.users.setFlags(user.id, { accountEnabled: false }, t.clock.now());
      assert.equal((await d.verify(flow.id, { method: 'email', code })).json().code, 'recovery.code_invalid');
      const other = await userWithEmail();
      const late = (await d.start(other.upn)).json();
      t.clock.advance(15 * 60_000 + 1000);
      assert.equal((await d.send(late.id, 'email')).json().code, 'recovery.flow_expired');
    });

    test('a request changes nothing; a locked-out user can still reset, and the reset clears the lockout (R12, R21)', async () => {
      await d.configure(admin, { enabledFor: 'all', methods: allMethods, methodsRequired: 1 });
      const user = await userWithEmail();
      await d.start(user.upn);
      await t.signIn(user.upn, PASSWORD);
      // Distinct wrong passwords: repeats of the last three are not counted (smart lockout).
      for (let i = 0; i < 12; i++) await d.json(null, 'POST', '/api/v1/auth/sign-in', { username: user.upn, password: `wrong-password-${i}` });
      const locked = await d.json(null, 'POST', '/api/v1/auth/sign-in', { username: user.upn, password: PASSWORD });
      assert.equal(locked.statusCode, 401, 'smart lockout holds');
      const flow = (await d.start(user.upn)).json();
      await d.send(flow.id, 'email');
      assert.equal((await d.verify(flow.id, { method: 'email', code: await latestCode(t, user.email) })).statusCode, 200);
      assert.equal((await d.password(flow.id, NEW)).statusCode, 200);
      await t.signIn(user.upn, NEW);
    });

    test('TOTP: \u00b11 step accepted, \u00b12 refused, no replay (R23)', async () => {
      await d.configure(admin, { enabledFor: 'all', methods: allMethods, methodsRequired: 1 });
      n++;
      const upn = `app${n}@contoso.example`;
      await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      const who = await t.signIn(upn, PASSWORD);
      const secret = await d.registerApp(who, PASSWORD);
      await d.registerCode(who, PASSWORD, 'email', `app${n}@example.org`);
      const { totpCode } = await import('../verification/methods.js');
      const at = (steps: number) => totpCode(secret, new Date(t.clock.now().getTime() + steps * 30_000));
      const flow = (await d.start(upn)).json();
      assert.equal((await d.verify(flow.id, { method: 'authenticatorApp', code: at(-2) })).json().code, 'recovery.code_invalid');
      assert.equal((await d.verify(flow.id, { method: 'authenticatorApp', code: at(2) })).json().code, 'recovery.code_invalid');
      assert.equal((await d.verify(flow.id, { method: 'authenticatorApp', code: at(1) })).statusCode, 200);
      const again = (await d.start(upn)).json();
      assert.equal((await d.verify(again.id, { method: 'authenticatorApp', code: at(1) })).json().code, 'recovery.code_invalid', 'a used code is a replay');
    });

    test('the CAPTCHA is required, checked and single-use', async () => {
      const challenge = (await d.json(null, 'GET', '/api/v1/recovery/captcha')).json();
      const { solveCaptcha } = await import('../../testing/recovery.js');
      const captcha = solveCaptcha(challenge);
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(captcha, 'base64').toString()), number: 9999 })).toString('base64');
      assert.equal(
        (await d.json(null, 'POST', '/api/v1/recovery/flows', { username: 'x@contoso.example', captcha: forged })).json().code,
        'recovery.captcha_invalid',
      );
      assert.equal(
        (await d.json(null, 'POST', '/api/v1/recovery/flows', { username: 'x@contoso.example', captcha: 'bm9wZQ' })).json().code,
        'recovery.captcha_invalid',
      );
      assert.equal((await d.json(null, 'POST', '/api/v1/recovery/flows', { username: 'x@contoso.example', captcha })).statusCode, 201);
      assert.equal(
        (await d.json(null, 'POST', '/api/v1/recovery/flows', { username: 'y@contoso.example', captcha })).json().code,
        'recovery.captcha_invalid',
        'replayed',
      );
      const old = solveCaptcha((await d.json(null, 'GET', '/api/v1/recovery/captcha')).json());
      t.clock.advance(11 * 60_000);
      assert.equal(
        (await d.json(null, 'POST', '/api/v1/recovery/flows', { username: 'x@contoso.example', captcha: old })).json().code,
        'recovery.captcha_invalid',
        'expired',
      );
    });
  });
}
