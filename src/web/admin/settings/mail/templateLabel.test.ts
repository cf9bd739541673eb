// Issue 13 item 3: the mail log names every template in English and Dutch, never by its id.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import i18next, { type TFunction } from 'i18next';
import { MAIL_TEMPLATES } from '../../../../shared/mail-templates.js';
import { templateLabel } from './templateLabel.js';

async function translator(lang: 'en' | 'nl'): Promise<TFunction> {
  const catalogue = JSON.parse(readFileSync(new URL(`../../../i18n/${lang}.json`, import.meta.url), 'utf8')) as object;
  const instance = i18next.createInstance();
  await instance.init({ lng: lang, resources: { [lang]: { translation: catalogue } }, interpolation: { escapeValue: false } });
  return instance.t;
}

for (const lang of ['en', 'nl'] as const) {
  test(`every mail template has its own readable name in ${lang}`, async () => {
    const t = await translator(lang);
    const names = MAIL_TEMPLATES.map((id) => templateLabel(t, id));
    const unnamed = MAIL_TEMPLATES.filter((id, i) => names[i] === id || names[i]!.startsWith('mailTemplates.') || /^[a-z-]+$/.test(names[i]!));
    assert.deepEqual(unnamed, [], `add mailTemplates names to ${lang}.json for: ${unnamed.join(', ')}`);
    assert.deepEqual(
      names.filter((n, i) => names.indexOf(n) !== i),
      [],
      'two templates share a name',
    );
  });
}

test('a template this version does not know is shown as its id', async () => {
  assert.equal(templateLabel(await translator('en'), 'future-notice'), 'future-notice');
});
