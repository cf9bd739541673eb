import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cliEnv, freshDir, serverUrl, startCli, type CliChild } from '../../src/cli/testing.js';
import { loadConfig } from '../../src/server/config/load.js';
import { newId } from '../../src/server/core/crypto.js';
import { openRuntime } from '../../src/server/runtime.js';
import { MFA_SETTINGS_KEY, mfaOffForTests } from '../../src/server/features/mfa/settings.js';

// Issue 5: a bulk reset survives SIGKILL. The real server runs as a child process on a SQLite
// file; it is killed mid-job and started again, and every user must be reset exactly once.
const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const USERS = 120;
const dataDir = freshDir('latchkey-crash-');
const settings = { LATCHKEY_JOB_LEASE_SECONDS: '2', LATCHKEY_JOBS_ENABLED: 'false', LATCHKEY_SECRET: 'crash-test-secret-0123456789-0123456789' };
/** The children's environment, and the one this process opens the same database with. */
const env = cliEnv(dataDir, settings);
const children: CliChild[] = [];
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

async function seed(): Promise<string[]> {
  const runtime = await openRuntime(loadConfig(env));
  try {
    const now = runtime.clock.now();
    await runtime.repos.organization.create({ id: newId(), name: 'Contoso', defaultLanguage: 'en', domain: 'contoso.example' }, now);
    // Not about MFA: the harnesses' documented opt-out of default-on admin MFA (docs/mfa.md).
    await runtime.repos.settings.put(MFA_SETTINGS_KEY, mfaOffForTests, null, now);
    const hash = await runtime.hasher.hash(PASSWORD);
    await runtime.repos.users.insert({
      id: newId(),
      userPrincipalName: 'ga@contoso.example',
      displayName: 'GA',
      passwordHash: hash,
      forceChangePassword: false,
      roles: ['global-administrator'],
      now,
    });
    const ids: string[] = [];
    await runtime.transact(async (tx) => {
      for (let i = 0; i < USERS; i++) {
        const id = newId();
        ids.push(id);
        await tx.users.insert({
          id,
          userPrincipalName: `crash${i}@contoso.example`,
          displayName: `Crash ${i}`,
          passwordHash: hash,
          forceChangePassword: false,
          now,
        });
      }
    });
    return ids;
  } finally {
    await runtime.close();
  }
}

async function serve(): Promise<{ url: string; child: CliChild }> {
  const child = startCli(['serve', '--port', '0'], dataDir, { env: settings });
  children.push(child);
  const { url } = await serverUrl(child, 60_000);
  return { url, child };
}

async function session(url: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'ga@contoso.example', password: PASSWORD }),
  });
  assert.equal(res.status, 200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function counts(url: string, s: { cookie: string }, id: string): Promise<{ status: string; counts: { pending: number; reset: number } }> {
  const res = await fetch(`${url}/api/v1/password-reset-jobs/${id}`, { headers: { cookie: s.cookie } });
  return (await res.json()) as { status: string; counts: { pending: number; reset: number } };
}

test('SIGKILL in the middle of a bulk reset: after a restart the job completes, every user reset exactly once', { timeout: 240_000 }, async () => {
  const ids = await seed();
  const first = await serve();
  const s1 = await session(first.url);
  const created = await fetch(`${first.url}/api/v1/password-reset-jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: s1.cookie, 'x-csrf-token': s1.csrf },
    body: JSON.stringify({ userIds: ids }),
  });
  assert.equal(created.status, 202);
  const { id } = (await created.json()) as { id: string };
  const deadline = Date.now() + 60_000;
  while ((await counts(first.url, s1, id)).counts.reset < 15) {
    assert.ok(Date.now() < deadline, 'the job made progress');
    await new Promise((r) => setTimeout(r, 50));
  }
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));

  const second = await serve();
  const s2 = await session(second.url);
  const before = await counts(second.url, s2, id);
  assert.ok(before.counts.pending > 0, 'killed mid-way');
  const finish = Date.now() + 180_000;
  while ((await counts(second.url, s2, id)).status !== 'completed') {
    assert.ok(Date.now() < finish, 'the job completed after the restart');
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.deepEqual((await counts(second.url, s2, id)).counts, { pending: 0, reset: USERS, skipped: 0, failed: 0 });
  second.child.kill('SIGTERM');
  await new Promise((r) => second.child.once('exit', r));

  const runtime = await openRuntime(loadConfig(env));
  try {
    const events = await runtime.repos.audit.list({ action: 'user.password_reset', outcome: 'success', limit: 10_000 });
    for (const userId of ids) assert.equal(events.filter((e) => e.targetId === userId).length, 1, `user ${userId}`);
  } finally {
    await runtime.close();
  }
});
