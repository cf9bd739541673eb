import assert from 'node:assert/strict';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { TestApp } from '../../testing/test-app.js';
import { withStepUp, type Who } from '../step-up/step-up.fixture.js';
import { softAuthenticator, type SoftAuthenticator } from './authenticator.fixture.js';
import { relyingParty } from './relying-party.js';

export type { Who };

/** The origin a test app accepts ceremonies from when it is driven through `inject` (no public URL). */
export const testOrigin = (t: TestApp) => relyingParty(null, `http://${t.config.host}:${t.config.port}`).origins[0]!;

/** A software authenticator answering for the test app's origin. */
export const authenticatorFor = (t: TestApp, options?: Parameters<typeof softAuthenticator>[1]) => softAuthenticator(testOrigin(t), options);

export function passkeyDriver(t: TestApp) {
  const json = (who: Who | null, method: string, url: string, payload?: unknown) =>
    t.app.inject({
      method: method as 'GET',
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {},
    });
  return {
    json,
    options: (who: Who) => json(who, 'POST', '/api/v1/me/security-info/passkeys/options'),
    finish: (who: Who, name: string, response: unknown) => json(who, 'POST', '/api/v1/me/security-info/passkeys', { name, response }),
    list: (who: Who) => json(who, 'GET', '/api/v1/me/security-info/passkeys'),
    remove: (who: Who, id: string) => json(who, 'DELETE', `/api/v1/me/security-info/passkeys/${id}`),
    /** Registers a passkey made by `authenticator` (stepping up with the password if asked). @returns its id */
    async register(who: Who, password: string, authenticator: SoftAuthenticator, name = 'Test key'): Promise<string> {
      const options = await withStepUp(t, who, password, () => json(who, 'POST', '/api/v1/me/security-info/passkeys/options'));
      assert.equal(options.statusCode, 200, options.body);
      const response = authenticator.create(options.json<PublicKeyCredentialCreationOptionsJSON>());
      const done = await json(who, 'POST', '/api/v1/me/security-info/passkeys', { name, response });
      assert.equal(done.statusCode, 201, done.body);
      return done.json<{ passkey: { id: string } }>().passkey.id;
    },
    /** Steps up with the password and a passkey assertion (an account with MFA). */
    async stepUpWithPasskey(who: Who, password: string, authenticator: SoftAuthenticator) {
      const options = await json(who, 'POST', '/api/v1/auth/step-up/passkey-options');
      assert.equal(options.statusCode, 200, options.body);
      const response = authenticator.get(options.json<PublicKeyCredentialRequestOptionsJSON>());
      const { stepUp } = await import('../step-up/step-up.fixture.js');
      return stepUp(t, who, { password, method: 'passkey', response });
    },
  };
}
