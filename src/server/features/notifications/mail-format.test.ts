// Issue 13 (Dutch table, row 4): mail shows a time once, in the reader's time zone, with the zone
// named — not "op 6 december 2026 om 06:34 UTC (6 december 2026 om 06:34, UTC)".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mailTime, times } from './mail-format.js';
import { renderMail, type MailContext } from './mail-render.js';
import { accountTemplates } from './templates.js';
import { recoveryTemplates } from '../recovery/mail-templates.js';
import { mfaTemplates } from '../mfa/mail-templates.js';

const at = new Date('2026-12-06T06:34:00Z');

test('English: date, 24-hour time and the zone by name', () => {
  assert.equal(mailTime(at, 'en', 'UTC'), '6 December 2026 at 06:34 (UTC)');
  assert.equal(mailTime(at, 'en', 'Etc/UTC'), '6 December 2026 at 06:34 (UTC)');
  assert.equal(mailTime(at, 'en', 'Europe/Amsterdam'), '6 December 2026 at 07:34 (Central European Standard Time)');
  assert.equal(mailTime(new Date('2026-07-01T00:05:00Z'), 'en', 'Europe/Amsterdam'), '1 July 2026 at 02:05 (Central European Summer Time)');
  assert.equal(mailTime(at, 'en', 'America/New_York'), '6 December 2026 at 01:34 (Eastern Standard Time)');
});

test('Dutch: the same, in Dutch', () => {
  assert.equal(mailTime(at, 'nl', 'UTC'), '6 december 2026 om 06:34 (UTC)');
  assert.equal(mailTime(at, 'nl', 'Europe/Amsterdam'), '6 december 2026 om 07:34 (Midden-Europese standaardtijd)');
  assert.equal(mailTime(new Date('2026-07-01T00:05:00Z'), 'nl', 'Europe/Amsterdam'), '1 juli 2026 om 02:05 (Midden-Europese zomertijd)');
  // Midnight is 00:00, not 24:00.
  assert.equal(mailTime(new Date('2026-12-06T23:00:00Z'), 'nl', 'Europe/Amsterdam'), '7 december 2026 om 00:00 (Midden-Europese standaardtijd)');
});

test('the templates get one time value', () => {
  assert.deepEqual(times(at.toISOString(), 'nl', 'Europe/Amsterdam'), { time: '6 december 2026 om 07:34 (Midden-Europese standaardtijd)' });
});

const ctx: MailContext = {
  organizationName: 'Contoso',
  publicUrl: 'https://id.contoso.example',
  linkOrigin: 'https://id.contoso.example',
  timeZone: 'Europe/Amsterdam',
  unseal: () => 'sealed',
};
const payload = {
  displayName: 'Anne van der Heijden',
  userPrincipalName: 'anne@contoso.example',
  occurredAt: at.toISOString(),
  expiresAt: at.toISOString(),
  daysLeft: 3,
  change: 'added',
  method: 'email',
  fields: 'mail',
  failures: 5,
  admin: 'admin@contoso.example',
  sealedToken: 'x',
  ipAddress: '192.0.2.1',
  userAgent: null,
};

for (const locale of ['en', 'nl'] as const) {
  test(`every mail with a time shows it once, with the zone, and no "UTC (…)" pair (${locale})`, () => {
    const templates = { ...accountTemplates, ...recoveryTemplates, ...mfaTemplates };
    const expected = mailTime(at, locale, ctx.timeZone);
    let withTime = 0;
    for (const id of Object.keys(templates)) {
      let text: string;
      try {
        text = renderMail(templates, id, locale, payload, ctx).text;
      } catch {
        continue; // a template that needs another payload (codes) has no time
      }
      assert.doesNotMatch(text, /UTC \(/, `${id}: no second time`);
      assert.doesNotMatch(text, /\{time/, `${id}: no placeholder left`);
      if (text.includes(expected)) {
        withTime++;
        assert.equal(text.split(expected).length - 1, 1, `${id}: the time once`);
      }
    }
    assert.ok(withTime >= 10, `mails with a time: ${withTime}`);
  });
}
