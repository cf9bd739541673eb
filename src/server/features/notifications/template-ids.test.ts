// Issue 13 item 3: the mail log names every message by a readable name, not its template id. The
// names live in the web app under the ids of src/shared/mail-templates.ts; this test finds every
// template registry in the server (a module with `satisfies Record<string, Template>`) and fails
// when one of its templates is not listed, or a listed one no longer exists.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { MAIL_TEMPLATES } from '../../../shared/mail-templates.js';

const SERVER = path.join(process.cwd(), 'src', 'server');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [full] : [];
  });
}

/** The template ids of every registry module: its exported objects whose values are all functions. */
async function registeredTemplates(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const registries = sources(SERVER).filter((file) => /satisfies Record<string, Template>/.test(readFileSync(file, 'utf8')));
  assert.ok(registries.length >= 4, `registries found: ${registries.join(', ')}`);
  for (const file of registries) {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
      const entries = Object.entries(value);
      if (entries.length && entries.every(([, v]) => typeof v === 'function')) for (const [id] of entries) found.set(id, path.relative(process.cwd(), file));
    }
  }
  return found;
}

test('every mail template the server has is listed in src/shared/mail-templates.ts (so the mail log names it)', async () => {
  const registered = await registeredTemplates();
  assert.ok(registered.has('password-changed') && registered.has('recovery-code'), 'the scan finds the registries');
  const unlisted = [...registered].filter(([id]) => !(MAIL_TEMPLATES as readonly string[]).includes(id)).map(([id, file]) => `${file}: ${id}`);
  assert.deepEqual(unlisted, [], 'add these to MAIL_TEMPLATES and label them under mailTemplates in en.json and nl.json');
  const gone = MAIL_TEMPLATES.filter((id) => !registered.has(id));
  assert.deepEqual(gone, [], 'these listed templates no longer exist');
});
