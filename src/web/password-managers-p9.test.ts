// Checklist P9 (ASVS 6.2.6, 6.2.7; NIST: allow password managers and paste): the browser suites
// (e2e/web/password.test.ts, shell.test.ts, admin-users.test.ts) check the attributes, the
// show-password toggle and the live guidance in Chromium; this scan keeps every password field
// of the web app friendly to managers: each goes through PasswordInput (type=password, a required
// autocomplete of current-password or new-password), no component handles paste, copy or cut
// events or blocks them, and no password field turns autocomplete off.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const WEB = path.join(process.cwd(), 'src', 'web');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

const sources = () => files(WEB).map((file) => ({ file: path.relative(WEB, file).split(path.sep).join('/'), text: readFileSync(file, 'utf8') }));

test('no paste, copy or cut handler anywhere in the web app (nothing can block pasting a password)', () => {
  const all = sources();
  assert.ok(all.length > 50, 'the scan read the web app');
  const handlers = all.filter(({ text }) => /\bon(Paste|Copy|Cut)(Capture)?\s*=|addEventListener\(\s*['"](paste|copy|cut)['"]/.test(text)).map((f) => f.file);
  assert.deepEqual(handlers, []);
});

test('every password field is a PasswordInput with type=password and a password-manager autocomplete', () => {
  const input = readFileSync(path.join(WEB, 'shared', 'password', 'PasswordInput.tsx'), 'utf8');
  assert.match(input, /type=\{visible \? 'text' : 'password'\}/, 'type=password unless the user shows it');
  assert.match(input, /autoComplete=\{autoComplete\}/);
  assert.match(
    input,
    /autoComplete: '(current-password' \| 'new-password|new-password' \| 'current-password)';/,
    'the autocomplete is required and one of the two',
  );
  const offenders: string[] = [];
  for (const { file, text } of sources()) {
    // A raw password input outside PasswordInput would escape the rules above.
    if (file !== 'shared/password/PasswordInput.tsx' && /type=["'{]+password/.test(text)) offenders.push(`${file}: a raw password input`);
    for (const m of text.matchAll(/<PasswordInput\b[\s\S]*?\/>/g)) {
      if (!/autoComplete="(current-password|new-password)"/.test(m[0])) offenders.push(`${file}: ${m[0].slice(0, 80)}`);
    }
  }
  assert.deepEqual(offenders, []);
});
