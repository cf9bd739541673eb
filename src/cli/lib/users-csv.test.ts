import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CliError } from './errors.js';
import { parseUsersCsv, readRecord, userColumns, userToRow } from './users-csv.js';

test('parseUsersCsv matches header names case-insensitively and numbers lines as an editor does', () => {
  const parsed = parseUsersCsv(
    '\uFEFFUserPrincipalName,DISPLAYNAME,mobilePhone\r\na@contoso.example,A,\r\n\r\n"b@contoso.example","B\r\nsecond line",+31 6 1234 5678\r\nc@contoso.example,C,x,extra\r\n',
  );
  assert.deepEqual(parsed.columns, ['userPrincipalName', 'displayName', 'mobilePhone']);
  assert.deepEqual(
    parsed.records.map((r) => r.line),
    [2, 4, 6],
  );
  assert.equal(parsed.records[1]!.cells.displayName, 'B\nsecond line');
  assert.match(parsed.records[2]!.fieldCountProblem ?? '', /expected 3 fields/);
});

test('parseUsersCsv refuses unknown, repeated and missing columns with exit code 2', () => {
  assert.throws(
    () => parseUsersCsv('userPrincipalName,email,userPrincipalName\n'),
    (err: unknown) =>
      err instanceof CliError &&
      err.exitCode === 2 &&
      /"email" is not a known column/.test(err.message) &&
      /appears twice/.test(err.message) &&
      /"displayName" is missing/.test(err.message),
  );
  assert.throws(
    () => parseUsersCsv('a,"b\n'),
    (err: unknown) => err instanceof CliError && err.exitCode === 2 && /not valid CSV/.test(err.message),
  );
});

test('readRecord reads list, boolean and role cells, and reports every problem of a row with its column', () => {
  const [record] = parseUsersCsv(
    'userPrincipalName,displayName,otherMails,accountEnabled,roles,preferredLanguage,password\n' +
      'x@contoso.example, X ,a@example.com; nope ,no,helpdesk-administrator;root,de,' +
      'p'.repeat(300) +
      '\n',
  ).records;
  const { row, problems } = readRecord(record!);
  assert.equal(row.fields.displayName, 'X');
  assert.deepEqual(row.fields.otherMails, ['a@example.com', 'nope']);
  assert.deepEqual(row.roles, ['helpdesk-administrator']);
  assert.deepEqual(
    problems.map((p) => [p.column, p.value]),
    [
      ['otherMails (item 2)', 'nope'],
      ['accountEnabled', 'no'],
      ['preferredLanguage', 'de'],
      ['roles (item 2)', 'root'],
    ],
  );
  assert.equal(row.password, 'p'.repeat(300), 'the password policy judges passwords, in users import');
});

test('userToRow writes the columns in order, lists joined with ;', () => {
  const now = new Date();
  const row = userToRow({
    id: '1',
    userPrincipalName: 'a@contoso.example',
    displayName: 'A',
    givenName: null,
    surname: 'B',
    mail: null,
    otherMails: ['x@example.com', 'y@example.com'],
    mobilePhone: null,
    businessPhones: [],
    department: 'IT',
    jobTitle: null,
    accountEnabled: false,
    preferredLanguage: 'nl',
    passwordHash: '$argon2id$secret',
    lastPasswordChangeAt: null,
    disablePasswordExpiration: false,
    disableStrongPassword: false,
    forceChangePassword: false,
    sessionsValidFrom: now,
    createdAt: now,
    updatedAt: now,
    onPremises: null,
    roles: ['reports-reader', 'directory-readers'],
  });
  assert.equal(row.length, userColumns.length);
  assert.deepEqual(row, [
    'a@contoso.example',
    'A',
    '',
    'B',
    '',
    'x@example.com;y@example.com',
    '',
    '',
    'IT',
    '',
    'false',
    'nl',
    'reports-reader;directory-readers',
  ]);
});
