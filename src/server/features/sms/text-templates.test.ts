import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seal, unseal } from '../../core/crypto.js';
import { renderText } from '../notifications/text-templates.js';

const SERVER_SECRET = 'test-secret-0123456789-0123456789-abcdef';
const CODE = '48151623';

describe('text templates', () => {
  const ctx = { organizationName: 'Contoso', unseal: (sealed: string) => unseal(SERVER_SECRET, 'mail-payload', sealed) };
  const payload = (minutes = 5) => ({ sealedCode: seal(SERVER_SECRET, 'mail-payload', CODE), expiresInMinutes: minutes });

  test('a text message is one GSM-7 segment with the code, the organisation and the expiry', () => {
    for (const locale of ['en', 'nl']) {
      for (const template of ['recovery-code', 'method-verification-code']) {
        const text = renderText(template, locale, payload(10), { ...ctx, organizationName: 'Contoso Pharmaceuticals' }, 'sms');
        assert.ok(text.includes(CODE) && text.includes('Contoso Pharmaceuticals') && text.includes('10'), text);
        assert.match(text, /^[\w .,:;'!?+-]+$/, `only GSM-7 characters: ${text}`);
        assert.ok(text.length <= 160, `${text.length} characters: ${text}`);
      }
    }
    assert.equal(
      renderText('recovery-code', 'en', payload(), ctx, 'sms'),
      `Contoso: your password reset code is ${CODE}. It expires in 5 minutes. Don't share it.`,
    );
    assert.equal(
      renderText('method-verification-code', 'nl', payload(1), ctx, 'sms'),
      `Contoso: uw code om dit telefoonnummer te bevestigen is ${CODE}. De code verloopt over 1 minuut. Deel deze code met niemand.`,
    );
  });

  test('a voice call speaks the digits one by one, twice', () => {
    const text = renderText('recovery-code', 'en', payload(), ctx, 'voice');
    assert.equal(text, "This is Contoso. Your password reset code is 4 8 1 5 1 6 2 3. I repeat: 4 8 1 5 1 6 2 3. It expires in 5 minutes. Don't share it.");
    assert.ok(!text.includes(CODE));
  });

  test('an unknown template or a bad payload fails without the code', () => {
    assert.throws(() => renderText('password-changed', 'en', payload(), ctx, 'sms'), /unknown text template/);
    assert.throws(
      () => renderText('recovery-code', 'en', { sealedCode: seal(SERVER_SECRET, 'mail-payload', CODE) }, ctx, 'sms'),
      (err: Error) => /expiresInMinutes/.test(err.message) && !err.message.includes(CODE),
    );
  });
});
