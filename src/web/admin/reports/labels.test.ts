// Issue 13 item 3: the audit log names every action and initiator in English and Dutch, never by
// its code. The actions are the server's list (src/shared/audit.ts), so a new action without a
// label fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import i18next, { type TFunction } from 'i18next';
import { AUDIT_ACTIONS, AUDIT_SYSTEM_INITIATORS, LABELLED_AUDIT_ACTIONS } from '../../../shared/audit.js';
import { actionLabel, initiatorLabel } from './labels.js';
import { DETAIL_KEYS, DETAIL_REASONS, detailKeyLabel, detailValueLabel } from './detailLabels.js';
import { methodKinds } from '../../../shared/methods.js';

type Catalogue = { [key: string]: string | Catalogue };
const load = (lang: string) => JSON.parse(readFileSync(new URL(`../../i18n/${lang}.json`, import.meta.url), 'utf8')) as Catalogue;

async function translator(lang: 'en' | 'nl'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({ lng: lang, resources: { [lang]: { translation: load(lang) } }, interpolation: { escapeValue: false } });
  return instance.t;
}

for (const lang of ['en', 'nl'] as const) {
  test(`every audit action has its own label in ${lang} (no fallback to the code)`, async () => {
    const t = await translator(lang);
    const unlabelled = LABELLED_AUDIT_ACTIONS.filter((a) => {
      const label = actionLabel(t, a);
      return !label.trim() || label === a || label === `auditActions.${a}` || /^[a-z_]+\.[a-z_]+$/.test(label);
    });
    assert.deepEqual(unlabelled, [], `add auditActions labels to ${lang}.json for: ${unlabelled.join(', ')}`);
    // Two actions never share a label: the activity filter picks by name.
    const labels = AUDIT_ACTIONS.map((a) => actionLabel(t, a));
    assert.deepEqual(
      labels.filter((l, i) => labels.indexOf(l) !== i),
      [],
    );
  });

  test(`the command line and Latchkey itself are named as initiators in ${lang}; users by sign-in name`, async () => {
    const t = await translator(lang);
    for (const name of AUDIT_SYSTEM_INITIATORS) {
      const label = initiatorLabel(t, { actorId: null, actorName: name });
      assert.notEqual(label, name);
      assert.ok(!label.startsWith('auditInitiators.'), label);
    }
    assert.equal(initiatorLabel(t, { actorId: null, actorName: null }), initiatorLabel(t, { actorId: null, actorName: 'system' }));
    assert.equal(initiatorLabel(t, { actorId: 'u-1', actorName: 'anne@contoso.example' }), 'anne@contoso.example');
    // A user id next to the name: a person, even one whose name happens to be "cli".
    assert.equal(initiatorLabel(t, { actorId: 'u-2', actorName: 'cli' }), 'cli');
  });
}

test('an action this version does not know is shown as its code', async () => {
  assert.equal(actionLabel(await translator('en'), 'future.thing'), 'future.thing');
});

test('the labels differ between English and Dutch (the Dutch catalogue is not a copy)', async () => {
  const [en, nl] = [await translator('en'), await translator('nl')];
  const same = AUDIT_ACTIONS.filter((a) => actionLabel(en, a) === actionLabel(nl, a));
  assert.deepEqual(same, []);
});

for (const lang of ['en', 'nl'] as const) {
  test(`the details panel names its keys, methods and reasons in ${lang}`, async () => {
    const t = await translator(lang);
    const raw = (v: unknown) => String(v);
    assert.deepEqual(
      DETAIL_KEYS.filter((k) => detailKeyLabel(t, k) === k || detailKeyLabel(t, k).startsWith('auditDetails.')),
      [],
    );
    for (const m of methodKinds) assert.ok(!/^auditDetails|^[a-z]+[A-Z]/.test(detailValueLabel(t, 'method', m, raw)), m);
    for (const r of DETAIL_REASONS) assert.ok(!/^auditDetails|_/.test(detailValueLabel(t, 'reason', r, raw)), r);
    assert.equal(detailValueLabel(t, 'forced', true, raw), lang === 'en' ? 'Yes' : 'Ja');
    assert.equal(detailValueLabel(t, 'methods', 'email mobilePhone', raw), lang === 'en' ? 'Email, Mobile phone' : 'E-mail, Mobiele telefoon');
    // Unknown keys and values stay as they are.
    assert.equal(detailKeyLabel(t, 'futureKey'), 'futureKey');
    assert.equal(detailValueLabel(t, 'reason', 'future_reason', raw), 'future_reason');
    assert.equal(detailValueLabel(t, 'users', 3, raw), '3');
  });
}
