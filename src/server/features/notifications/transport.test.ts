import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openTestDb } from '../../testing/databases.js';
import type { DbHandle } from '../../db/kysely.js';
import { createRepos } from '../../db/repos.js';
import { t } from '../../i18n/index.js';
import { createDevSmsProvider } from '../sms/provider.js';
import { createDevMailboxTransport, maskForConsole } from './transport.js';

const CODE = '48151623';
const TOKEN = 'Qm9vZ2llLVdvb2dpZS1Ub2tlbi0xMjM0NTY3ODkwYWJjZGVm';

/**
 * Issue 12 finding 10 (checklist AU3, N5): the dev mailbox printed every message whole, reset
 * codes and set-password links included, to the console. The printed copy is masked now; the
 * stored copy (what the admin centre's dev mailbox and the tests read) stays whole.
 */
describe('the dev mailbox masks codes and tokens in what it prints (issue 12 finding 10; AU3, N5)', () => {
  let db: DbHandle;
  before(async () => {
    db = await openTestDb('sqlite');
  });
  after(() => db.close());

  test('mail: a code and a set-password link are masked on the console, whole in the mailbox', async () => {
    const repos = createRepos(db.db);
    const printed: string[] = [];
    const transport = createDevMailboxTransport(repos.outbox, { now: () => new Date('2026-03-01T09:00:00Z'), print: (text) => printed.push(text) });
    const text = [
      `Your password reset code is ${CODE}. It expires in 10 minutes.`,
      t('en', 'mail.set_link.link', { url: `http://127.0.0.1:3000/set-password#token=${TOKEN}` }),
      `Reset from 192.168.1.20 on 2026-03-01 09:00.`,
    ].join('\n');
    await transport.send({ to: 'mia@contoso.example', subject: 'Your code', text, html: `<p>${text}</p>`, messageId: '<m1@contoso.example>', outboxId: 'o1' });
    const out = printed.join('\n');
    assert.ok(out.includes('To: mia@contoso.example') && out.includes('Subject: Your code'), 'who and what stay readable');
    assert.ok(!out.includes(CODE), 'no code on the console');
    assert.ok(!out.includes(TOKEN) && !out.includes(TOKEN.slice(0, 12)), 'no link token on the console');
    assert.ok(out.includes('http://127.0.0.1:3000/set-password#token='), 'the link\u2019s place stays visible');
    assert.ok(out.includes('192.168.1.20') && out.includes('2026-03-01 09:00'), 'addresses and times are not codes');
    const [stored] = await repos.outbox.listDevMail(1, 'mia@contoso.example');
    assert.ok(stored?.text.includes(CODE) && stored.text.includes(TOKEN), 'the stored copy is whole (dev UI and tests read it)');
  });

  test('texts and calls: the code, written or spoken digit by digit, is masked', async () => {
    const repos = createRepos(db.db);
    const printed: string[] = [];
    // The server prints every dev-mailbox message through maskForConsole (main.ts), texts and calls too.
    const sms = createDevSmsProvider(repos.outbox, { now: () => new Date('2026-03-01T09:00:00Z'), print: (text) => printed.push(maskForConsole(text)) });
    for (const [kind, key, code] of [
      ['sms', 'sms.recovery_code', CODE],
      ['voice', 'sms.voice.recovery_code', [...CODE].join(' ')],
    ] as const) {
      await sms.send({ kind, to: '+31612345678', text: t('en', key, { organization: 'Contoso', code }), messageId: `m-${kind}` });
    }
    const out = printed.join('\n');
    assert.ok(!out.includes(CODE) && !out.includes([...CODE].join(' ')), out);
    assert.ok(out.includes('+31612345678'), 'the recipient stays readable');
  });

  test('masking leaves ordinary text alone', () => {
    const text = 'Hello Mia, your password was changed on 1 March 2026 at 09:00 from 10.0.0.1. Not you? Open http://127.0.0.1:3000/recover';
    assert.equal(maskForConsole(text), text);
  });
});
