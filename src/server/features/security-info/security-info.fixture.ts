import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Engine } from '../../db/kysely.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { startSmtpSink, type SmtpSink } from '../../testing/smtp-sink.js';
import { recoveryDriver } from '../../testing/recovery.js';
import type { RoleId } from '../../../shared/roles.js';
import type { SsprSettings } from '../recovery/settings.js';
import type { SecurityInfoService } from './service.js';

export const PASSWORD = 'Zebra-Quilt-Harbor-71!';
export const ALL_METHODS = { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true };
export type Who = { cookie: string; csrf: string };
/** `GET /me/methods` as JSON. */
export type MethodsView = Awaited<ReturnType<SecurityInfoService['get']>>;

export interface SecurityInfoFixture {
  /** Set by the fixture's `before` hook. */
  t: TestApp;
  sink: SmtpSink;
  d: ReturnType<typeof recoveryDriver>;
  /** Saves settings as the global admin, signing in again when the clock moved past the session or the step-up window. */
  configure: (patch: Partial<SsprSettings>) => Promise<SsprSettings>;
  user: (upn: string, roles?: RoleId[]) => Promise<{ id: string; who: Who }>;
  methods: (who: Who) => Promise<MethodsView>;
  noticesTo: (address: string) => SmtpSink['mails'];
}

/** Hooks on the enclosing describe: an app with a dev SMTP sink, a global admin, and SSPR on for all with every method. */
export function securityInfoFixture(engine: Engine): SecurityInfoFixture {
  let t: TestApp;
  let sink: SmtpSink;
  let d: ReturnType<typeof recoveryDriver>;
  let admin: Who;
  let signedInAt = 0;
  const configure = async (patch: Partial<SsprSettings>) => {
    // Saving SSPR settings needs fresh proof (issue 17 step-up): sign in again once the window passed.
    const stale = t.clock.now().getTime() - signedInAt >= t.config.stepUpMaxAgeSeconds * 1000;
    if (stale || (await d.json(admin, 'GET', '/api/v1/me')).statusCode === 401) {
      admin = await t.signIn('admin@contoso.example', PASSWORD);
      signedInAt = t.clock.now().getTime();
    }
    return d.configure(admin, patch);
  };

  before(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ engine, config: { smtpUrl: sink.url, recoveryCaptchaMaxNumber: 50 } });
    d = recoveryDriver(t, sink);
    await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
    await configure({ enabledFor: 'all', methods: ALL_METHODS, methodsRequired: 1, customQuestions: ['What was the name of your first team?'] });
  });
  after(async () => {
    await t.close();
    await sink.close();
  });
  return {
    get t() {
      return t;
    },
    get sink() {
      return sink;
    },
    get d() {
      return d;
    },
    configure,
    async user(upn, roles = []) {
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD, roles });
      return { id, who: await t.signIn(upn, PASSWORD) };
    },
    async methods(who) {
      const res = await d.json(who, 'GET', '/api/v1/me/methods');
      assert.equal(res.statusCode, 200, res.body);
      return res.json<MethodsView>();
    },
    noticesTo: (address) => sink.mails.filter((m) => m.to.includes(address) && /security info/i.test(m.subject)),
  };
}
