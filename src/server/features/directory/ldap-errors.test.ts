import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BerReader,
  ConstraintViolationError,
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  SizeLimitExceededError,
  UnwillingToPerformError,
} from 'ldapts';
import type { AppError } from '../../core/errors.js';
import { adBindVerdict } from './connector-passwords.js';
import { DIRECTORY_PASSWORD_ISSUES, toDirectoryError } from './ldap-errors.js';
import { PasswordPolicyControl, passwordModifyRequest } from './password-modify.js';

const ad = { kind: 'active-directory' as const, operation: 'password' as const };
const issueOf = (err: AppError) => err.issues.map((i) => `${i.path}:${i.code}`).join(',');

test('AD bind errors: data 52e wrong, 775 locked, 533 disabled, 532 expired, 773 must change', () => {
  const bind = (data: string) => `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, v4563`;
  assert.equal(adBindVerdict(bind('52e')), 'wrong');
  assert.equal(adBindVerdict(bind('775')), 'locked');
  assert.equal(adBindVerdict(bind('533')), 'disabled');
  assert.equal(adBindVerdict(bind('532')), 'expired');
  assert.equal(adBindVerdict(bind('773')), 'must_change');
  assert.equal(adBindVerdict(bind('701')), 'disabled');
  assert.equal(adBindVerdict(bind('999')), 'wrong', 'unknown data: fail closed');
  assert.equal(adBindVerdict('Invalid credentials'), 'wrong');
});

test("AD password refusals name the rule from check_password_restrictions, else 'constraint'", () => {
  const cases: [Error, string][] = [
    [
      new ConstraintViolationError(
        '0000052D: Constraint violation - check_password_restrictions: the password is too short. It should be equal or longer than 7 characters!',
      ),
      'newPassword:directory.password_too_short',
    ],
    [
      new ConstraintViolationError('0000052D: Constraint violation - check_password_restrictions: the password does not meet the complexity criteria!'),
      'newPassword:directory.password_quality',
    ],
    [
      new ConstraintViolationError('0000052D: Constraint violation - check_password_restrictions: the password was already used (in history)!'),
      'newPassword:directory.password_in_history',
    ],
    [
      new ConstraintViolationError('0000052D: Constraint violation - check_password_restrictions: password is too young to change!'),
      'newPassword:directory.password_too_young',
    ],
    [new UnwillingToPerformError('0000052D: SvcErr: DSID-031A1254, problem 5003 (WILL_NOT_PERFORM), data 0'), 'newPassword:directory.password_constraint'],
  ];
  for (const [err, issue] of cases) {
    const mapped = toDirectoryError(err, ad);
    assert.equal(mapped.code, 'directory.password_refused', err.message);
    assert.equal(issueOf(mapped), issue, err.message);
    assert.equal(mapped.params.directory, 'active-directory');
    assert.equal(mapped.status, 400);
  }
});

test('outages are directory.unavailable; refusals of the service account or certificate are directory.misconfigured', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:389'), { code: 'ECONNREFUSED' });
  for (const err of [
    refused,
    new Error('Connection timeout'),
    new Error('SearchRequest: Operation timed out'),
    new Error('Connection closed before message response was received. Message type: SearchRequest (0x63)'),
  ]) {
    assert.equal(toDirectoryError(err, { kind: 'openldap', operation: 'service' }).code, 'directory.unavailable', err.message);
    assert.equal(toDirectoryError(err, { kind: 'openldap', operation: 'password' }).code, 'directory.unavailable', err.message);
  }
  const cert = Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  assert.equal(toDirectoryError(cert, { kind: 'openldap', operation: 'service' }).code, 'directory.misconfigured');
  assert.equal(
    toDirectoryError(new InvalidCredentialsError('Invalid credentials'), { kind: 'openldap', operation: 'service' }).code,
    'directory.misconfigured',
  );
  assert.equal(toDirectoryError(new InsufficientAccessError('no write access'), { kind: 'openldap', operation: 'password' }).code, 'directory.misconfigured');
  assert.equal(toDirectoryError(new NoSuchObjectError(''), { kind: 'openldap', operation: 'service' }).code, 'directory.misconfigured', 'base DN missing');
  assert.equal(toDirectoryError(new NoSuchObjectError(''), { kind: 'openldap', operation: 'user' }).code, 'directory.user_missing');
  const sizeLimit = toDirectoryError(new SizeLimitExceededError('Size limit exceeded'), { kind: 'openldap', operation: 'service' });
  assert.deepEqual(
    [sizeLimit.code, sizeLimit.params.reason],
    ['directory.misconfigured', 'ldap_4'],
    'the service account’s size limit is a fix for an administrator, not an outage',
  );
});

test('ppolicy refusals use the control: "fails quality checking" is too short when the control says passwordTooShort', () => {
  const control = (error: number) => {
    const c = new PasswordPolicyControl();
    // What ldapts hands over: the control value, SEQUENCE { error [1] ENUMERATED } (slapd sent MAOBAQY= for 6).
    (c as unknown as { parseControl(r: BerReader): void }).parseControl(new BerReader(Buffer.from([0x30, 0x03, 0x81, 0x01, error])));
    return c;
  };
  const err = new ConstraintViolationError('Password fails quality checking policy');
  const map = (ppolicy: PasswordPolicyControl) => issueOf(toDirectoryError(err, { kind: 'openldap', operation: 'password', ppolicy }));
  assert.equal(map(control(6)), 'newPassword:directory.password_too_short');
  assert.equal(map(control(5)), 'newPassword:directory.password_quality');
  assert.equal(map(control(8)), 'newPassword:directory.password_in_history');
  assert.equal(map(control(7)), 'newPassword:directory.password_too_young');
  assert.equal(map(new PasswordPolicyControl()), 'newPassword:directory.password_quality', 'no control: the text');
});

test('the ppolicy control reads warnings too (grace logins, time before expiration)', () => {
  const c = new PasswordPolicyControl();
  (c as unknown as { parseControl(r: BerReader): void }).parseControl(new BerReader(Buffer.from([0x30, 0x05, 0xa0, 0x03, 0x81, 0x01, 0x02])));
  assert.deepEqual([c.error, c.graceAuthNsRemaining, c.timeBeforeExpiration], [null, 2, null]);
});

test('the RFC 3062 request encodes userIdentity [0], oldPasswd [1], newPasswd [2] as UTF-8', () => {
  assert.equal(
    passwordModifyRequest({ userIdentity: 'uid=a', oldPassword: 'x', newPassword: 'é' }).toString('hex'),
    '300e' + '8005' + Buffer.from('uid=a').toString('hex') + '810178' + '8202c3a9',
  );
  assert.equal(passwordModifyRequest({ newPassword: 'n' }).toString('hex'), '3003' + '82016e');
});

test('a mapped error carries no password: only the name, code and the server diagnostic', () => {
  const mapped = toDirectoryError(new ConstraintViolationError('Password is in history of old passwords'), { kind: 'openldap', operation: 'password' });
  assert.equal(issueOf(mapped), 'newPassword:directory.password_in_history');
  assert.match(String((mapped.cause as Error).message), /^ConstraintViolationError \(19\): Password is in history/);
});

test('every directory.password_refused issue code has an English and a Dutch text and a docs/errors.md line', async () => {
  const { catalogs, locales } = await import('../../i18n/index.js');
  const { readFileSync } = await import('node:fs');
  const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
  for (const code of DIRECTORY_PASSWORD_ISSUES) {
    for (const locale of locales) assert.ok((catalogs[locale] as Record<string, string>)[code]?.trim(), `${locale} ${code}`);
    assert.ok(doc.includes(`| \`${code}\` |`), `docs/errors.md ${code}`);
  }
});
