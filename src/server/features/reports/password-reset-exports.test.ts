// The password reset reports' CSV exports, who may read the reports, and bad parameters.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { testEngines } from '../../testing/databases.js';
import { ACTIVITY, REGISTRATION, useReportFixture } from './password-reset.fixture.js';

for (const engine of testEngines()) {
  describe(`reports: password reset exports (${engine})`, () => {
    const fx = useReportFixture(engine);
    const { get, json } = fx;

    test('CSV exports: headers, every row, RFC 4180 quoting and no formulas', async () => {
      const reg = await get(fx.reader, `${REGISTRATION}.csv`);
      assert.equal(reg.statusCode, 200);
      assert.match(String(reg.headers['content-type']), /^text\/csv/);
      assert.match(String(reg.headers['content-disposition']), /^attachment; filename="password-reset-registration.csv"$/);
      assert.ok(reg.body.startsWith('\uFEFF'));
      assert.ok(reg.body.includes('"Smith, ""Gina"""'), 'commas and quotes are quoted');
      const rows: string[][] = parse(reg.body.slice(1));
      assert.deepEqual(rows[0], ['User principal name', 'Display name', 'Registered', 'Methods', 'Confirmed', 'User id']);
      assert.equal(rows.length, 12);
      const frank = rows.find((r) => r[0] === 'frank@contoso.example')!;
      assert.equal(frank[1], `'=HYPERLINK("http://evil.example")`, 'a formula is prefixed with an apostrophe');
      assert.deepEqual(rows.find((r) => r[0] === 'alice@contoso.example')!.slice(2, 4), ['Yes', 'email, mobilePhone']);
      assert.deepEqual(rows.find((r) => r[0] === 'bob@contoso.example')!.slice(2, 5), ['No', '', '']);
      const filtered: string[][] = parse((await get(fx.reader, `${REGISTRATION}.csv?registered=false&search=under`)).body.slice(1));
      assert.deepEqual(
        filtered.slice(1).map((r) => r[0]),
        ['under_score@contoso.example', 'underxscore@contoso.example'],
      );

      const act = await get(fx.reader, `${ACTIVITY}.csv?outcome=failed`);
      assert.match(String(act.headers['content-disposition']), /^attachment; filename="password-reset-activity.csv"$/);
      const lines: string[][] = parse(act.body.slice(1));
      assert.deepEqual(lines[0], ['Id', 'Started', 'Finished', 'User principal name', 'Outcome', 'Methods proven', 'IP address']);
      assert.deepEqual(
        lines.slice(1).map((r) => r[4]),
        ['unknown_account', 'wrong_proof', 'locked', 'wrong_proof'],
      );
      assert.equal(lines[1]![3], '', 'an unknown account shows no name');
      assert.ok(!act.body.includes('my secret password'));
      const everything: string[][] = parse((await get(fx.reader, `${ACTIVITY}.csv`)).body.slice(1));
      assert.equal(everything.length, 11);
    });

    test('only reports:read may read them', async () => {
      for (const url of [REGISTRATION, `${REGISTRATION}.csv`, ACTIVITY, `${ACTIVITY}.csv`]) {
        const res = await get(fx.plain, url);
        assert.equal(res.statusCode, 403, url);
        assert.equal(res.json().code, 'auth.forbidden');
        assert.equal((await fx.api.app.inject({ method: 'GET', url })).statusCode, 401);
      }
    });

    test('bad parameters answer 400 request.validation_failed; an altered cursor starts over', async () => {
      for (const query of [
        `${REGISTRATION}?limit=0`,
        `${REGISTRATION}?limit=201`,
        `${REGISTRATION}?limit=ten`,
        `${REGISTRATION}?registered=maybe`,
        `${REGISTRATION}?search=${'a'.repeat(300)}`,
        `${REGISTRATION}?sort=upn`,
        `${REGISTRATION}.csv?registered=1`,
        `${ACTIVITY}?outcome=nonsense`,
        `${ACTIVITY}?from=yesterday`,
        `${ACTIVITY}?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
        `${ACTIVITY}?limit=-1`,
        `${ACTIVITY}.csv?to=2026-13-01T00:00:00Z`,
        `${ACTIVITY}.csv?limit=5`,
      ]) {
        const res = await get(fx.reader, query);
        assert.equal(res.statusCode, 400, query);
        assert.equal(res.json().code, 'request.validation_failed', query);
      }
      assert.equal((await json(`${REGISTRATION}?cursor=not-a-cursor`)).items.length, 11);
      assert.equal((await json(`${ACTIVITY}?cursor=not-a-cursor`)).items.length, 10);
      const forged = Buffer.from(JSON.stringify(['2026-03-01T00:00:00.000Z', '99999999999'])).toString('base64url');
      assert.equal((await json(`${ACTIVITY}?cursor=${forged}`)).items.length, 10);
    });
  });
}
