import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../core/errors.js';
import { generateTestCerts } from '../../testing/slapd-certs.js';
import { slapdSkip, startSlapd, type Slapd } from '../../testing/slapd.js';
import { connectorFor } from './connector-fixture.js';

const misconfigured = (err: unknown) => err instanceof AppError && err.code === 'directory.misconfigured' && err.params.reason === 'certificate';

describe('directory connector: ldaps and StartTLS (checklist T1; real slapd)', { skip: slapdSkip() }, () => {
  let slapd: Slapd;
  let otherDir: string;
  let otherCa: string;
  before(async () => {
    slapd = await startSlapd({
      tls: true,
      users: [
        { uid: 'ldaps', password: 'Initial-Pass1' },
        { uid: 'starttls', password: 'Initial-Pass1' },
      ],
    });
    otherDir = mkdtempSync(path.join(tmpdir(), 'latchkey-other-ca-'));
    otherCa = generateTestCerts(otherDir).caFile;
  });
  after(async () => {
    await slapd?.close();
    if (otherDir) rmSync(otherDir, { recursive: true, force: true });
  });

  for (const transport of ['ldaps', 'starttls'] as const) {
    test(`${transport} with the directory's CA file: searches, binds and password writes work`, async () => {
      const directory = connectorFor(slapd, {}, transport);
      try {
        await directory.ping();
        assert.equal((await directory.readUser(slapd.userDn(transport)))?.uid, transport);
        assert.equal(await directory.verifyBind(slapd.userDn(transport), 'Initial-Pass1'), 'ok');
        assert.equal(await directory.verifyBind(slapd.userDn(transport), 'Wrong-Pass1'), 'wrong');
        await directory.resetPassword(slapd.userDn(transport), `Over-${transport}-Pass1`, { mustChange: false });
        assert.equal(await slapd.bindAs(slapd.userDn(transport), `Over-${transport}-Pass1`), true);
      } finally {
        await directory.close();
      }
    });

    test(`${transport} refuses a certificate from an unknown CA (another CA file, or none: the system's CAs)`, async () => {
      for (const overrides of [{ directoryCaFile: otherCa }, { directoryCaFile: undefined }]) {
        const directory = connectorFor(slapd, overrides, transport);
        try {
          await assert.rejects(directory.ping(), misconfigured);
          await assert.rejects(directory.verifyBind(slapd.userDn(transport), 'Initial-Pass1'), misconfigured, 'no password sent over an unverified connection');
        } finally {
          await directory.close();
        }
      }
    });
  }
});
