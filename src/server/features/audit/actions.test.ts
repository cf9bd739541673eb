// Issue 13 item 3: every audit action the server or the CLI writes is listed in src/shared/audit.ts,
// where the web app's labels test picks it up (checklist AU1: the log is readable by the people it
// is for). The store's type already refuses an unlisted literal; this scan also catches an action
// that reaches the store through a looser type (a `string` parameter, a cast, a computed name).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AUDIT_ACTIONS } from '../../../shared/audit.js';

const ROOTS = ['src/server', 'src/cli'].map((r) => path.join(process.cwd(), r));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return ['testing', 'i18n'].includes(name) ? [] : sources(full);
    return /\.ts$/.test(name) && !/\.test\.ts$|\.fixture\.ts$/.test(name) ? [full] : [];
  });
}

/** Prefixes only audit actions use: any such literal in the code is taken for an action. */
const ACTION_ONLY_PREFIX = /^(user|role|password_reset_job|settings|organization|demo)\.[a-z_]+$/;
/** Literals with such a prefix that are not actions, each with its reason. */
const NOT_ACTIONS: Record<string, string> = {
  'organization.id': 'a column reference in a Kysely query',
};

/** Where an action is named: the `action` property of an event, or the action argument of the audit helpers. */
const IN_AUDIT_CONTEXT = [
  /\baction:\s*(['`])([^'`]+)\1/g,
  /\bflagAction\(\s*[\w.]+,\s*[\w.]+,\s*(['`])([^'`]+)\1/g,
  /\bflowAudit\(\s*[\w.]+,\s*[\w.]+,\s*(['`])([^'`]+)\1/g,
];

/** Every action the code names, once per file; a computed name (`a.b_${x}`) as a pattern. */
export function namedActions(files: { file: string; text: string }[]): { file: string; name: string }[] {
  const found: { file: string; name: string }[] = [];
  for (const { file, text } of files) {
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const rule of IN_AUDIT_CONTEXT) for (const m of code.matchAll(rule)) found.push({ file, name: m[2]! });
    for (const m of code.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) {
      if (ACTION_ONLY_PREFIX.test(m[1]!) && !Object.hasOwn(NOT_ACTIONS, m[1]!)) found.push({ file, name: m[1]! });
    }
  }
  return found.filter((n, i) => found.findIndex((o) => o.file === n.file && o.name === n.name) === i);
}

/** Whether a named action (or a computed one, `${…}` matching any word) is listed. */
export function listed(name: string, actions: readonly string[] = AUDIT_ACTIONS): boolean {
  if (!name.includes('${')) return actions.includes(name);
  const pattern = new RegExp(
    `^${name
      .split(/\$\{[^}]*\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[a-z_]+')}$`,
  );
  return actions.some((a) => pattern.test(a));
}

const files = ROOTS.flatMap(sources).map((file) => ({ file: path.relative(process.cwd(), file), text: readFileSync(file, 'utf8') }));

test('every audit action the server and the CLI write is listed in src/shared/audit.ts (so it has a label)', () => {
  const named = namedActions(files);
  // The scan sees the writers it must: the stores, the settings, the CLI and a computed name.
  for (const expected of ['user.password_reset', 'settings.mfa_updated', 'demo.seeded', 'recovery.requested', 'security_info.method_${change}'])
    assert.ok(
      named.some((n) => n.name === expected),
      `the scan finds ${expected}`,
    );
  const unlisted = named.filter((n) => !listed(n.name)).map((n) => `${n.file}: ${n.name}`);
  assert.deepEqual(unlisted, [], 'add these actions to AUDIT_ACTIONS (src/shared/audit.ts) and label them under auditActions in en.json and nl.json');
});

test('the scan catches an unlisted action however it is written', () => {
  const hits = namedActions([
    { file: 'a.ts', text: "await tx.audit.append({ action: 'user.teleported', outcome: 'success' }, now);" },
    { file: 'b.ts', text: "flagAction(actor, targetId, 'user.frozen', ctx, work);" },
    { file: 'c.ts', text: "repos.audit.append(flowAudit(flow, ctx, 'recovery.vanished', 'failure', {}), now);" },
    { file: 'd.ts', text: "const name: string = 'settings.colour_updated';" },
    { file: 'e.ts', text: 'await tx.audit.append({ action: `passkey.${change}`, outcome });' },
    { file: 'f.ts', text: "// action: 'user.in_a_comment'\nquery.select('organization.id');" },
  ]);
  assert.deepEqual(
    hits.filter((n) => !listed(n.name)).map((n) => n.name),
    ['user.teleported', 'user.frozen', 'recovery.vanished', 'settings.colour_updated', 'passkey.${change}'],
  );
  assert.ok(listed('security_info.method_${change}'));
  assert.ok(!listed('security_info.method_${change}', ['security_info.confirmed']));
});

test('every listed action is written somewhere (no label for an action that never occurs)', () => {
  const named = namedActions(files);
  const unwritten = AUDIT_ACTIONS.filter((a) => !named.some((n) => listed(n.name, [a])));
  assert.deepEqual(unwritten, [], 'remove these from AUDIT_ACTIONS, or move them to RETIRED_AUDIT_ACTIONS');
});
