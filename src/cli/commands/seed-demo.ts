import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../../server/config/load.js';
import { iso } from '../../server/core/clock.js';
import { newId } from '../../server/core/crypto.js';
import { createRepos } from '../../server/db/repos.js';
import { generatePassword } from '../../server/features/passwords/generate.js';
import { normalizePassword } from '../../server/features/passwords/input.js';
import type { RoleId } from '../../shared/roles.js';
import { defaultSsprSettings, SSPR_SETTINGS_KEY } from '../../server/features/recovery/settings.js';
import { demoGroups, generateDemoUsers, MIN_DEMO_USERS, rolePlan, type DemoUser } from '../demo/generate.js';
import { CliError, ExitCode } from '../lib/errors.js';
import { trapInterrupt, yieldToEventLoop } from '../lib/interrupt.js';
import { print, warn } from '../lib/output.js';
import { startProgress } from '../lib/progress.js';
import { ensureOrganization, withRuntime } from '../lib/runtime.js';

export interface DemoOptions {
  users: number;
  seed: number;
  force?: boolean;
  password?: string;
}

/** Users written per transaction: an interruption keeps whole batches. */
const BATCH_SIZE = 500;
/** Rows per multi-row insert (well below SQLite's and PostgreSQL's bound-parameter limits). */
const MEMBER_CHUNK = 1000;

function integer(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

export function registerSeedDemo(program: Command): void {
  program
    .command('demo')
    .description('Seed a realistic sample organisation (users, departments, groups, admin roles) for trying Latchkey and for benchmarks')
    .option('--users <n>', `how many users to create (at least ${MIN_DEMO_USERS})`, integer(MIN_DEMO_USERS, 1_000_000), 200)
    .option('--seed <n>', 'seed for the generated names and details (same seed, same organisation)', integer(0, 2 ** 32 - 1), 1)
    .option('--password <password>', 'use this shared password instead of a generated one (for scripted tests and benchmarks)')
    .option('--force', 'seed even when the directory already has more users than the first admin')
    .action(async (options: DemoOptions) => {
      process.exitCode = await seedDemo(options);
    });
}

export async function seedDemo(options: DemoOptions): Promise<number> {
  const password = options.password ?? generatePassword(16);
  if (normalizePassword(password) === null || password.length === 0) throw new CliError('error: --password must be 1 to 256 characters.', ExitCode.usage);
  const config = loadConfig();
  return withRuntime(config, async (runtime) => {
    const { db } = runtime.db;
    const domain = await ensureOrganization(runtime);
    const existing = await runtime.repos.users.count();
    if (existing > 1 && !options.force) {
      throw new CliError(
        [`error: the directory already has ${existing} users; demo seeds a new organisation only.`, 'Run it with --force to add the sample users anyway.'],
        ExitCode.failure,
      );
    }

    const taken = new Set((await db.selectFrom('app_user').select('upn_key').execute()).map((r) => r.upn_key));
    const users = generateDemoUsers({ count: options.users, seed: options.seed, domain, taken });
    // One hash for everyone: seeding 10,000 users costs one argon2id computation, not 10,000.
    const passwordHash = await runtime.hasher.hash(password);

    const groups = demoGroups();
    const groupIds = await db.transaction().execute(async (trx) => {
      const ids: string[] = [];
      const at = iso(runtime.clock.now());
      for (const group of groups) {
        const found = await trx.selectFrom('user_group').select('id').where('display_name', '=', group.displayName).executeTakeFirst();
        if (found) ids.push(found.id);
        else {
          const id = newId();
          await trx
            .insertInto('user_group')
            .values({ id, display_name: group.displayName, description: group.description, is_role_assignable: 0, created_at: at })
            .execute();
          ids.push(id);
        }
      }
      return ids;
    });

    const interrupt = trapInterrupt('batch of users');
    const progress = startProgress('Creating demo users', users.length);
    const created: DemoUser[] = [];
    let memberships = 0;
    try {
      for (let start = 0; start < users.length && !interrupt.requested; start += BATCH_SIZE) {
        const batch = users.slice(start, start + BATCH_SIZE);
        const now = runtime.clock.now();
        const done = await db.transaction().execute(async (trx) => {
          const repos = createRepos(trx);
          const inserted: DemoUser[] = [];
          const members: { group_id: string; user_id: string }[] = [];
          for (const user of batch) {
            const id = newId();
            const { forceChangePassword, roles, ...fields } = user;
            const result = await repos.users.insert({ ...fields, id, passwordHash, forceChangePassword, roles, now });
            if (result !== 'created') continue;
            inserted.push(user);
            groups.forEach((group, g) => group.includes(user) && members.push({ group_id: groupIds[g]!, user_id: id }));
          }
          for (let i = 0; i < members.length; i += MEMBER_CHUNK)
            await trx
              .insertInto('group_member')
              .values(members.slice(i, i + MEMBER_CHUNK))
              .execute();
          return { inserted, members: members.length };
        });
        created.push(...done.inserted);
        memberships += done.members;
        progress.tick(batch.length);
        await yieldToEventLoop();
      }
    } finally {
      progress.stop();
      interrupt.dispose();
    }

    if (created.length > 0) {
      // Self-service reset on for everyone, unless an admin has already chosen a policy.
      if (!(await runtime.repos.settings.get(SSPR_SETTINGS_KEY))) {
        await runtime.repos.settings.put(SSPR_SETTINGS_KEY, { ...defaultSsprSettings, enabledFor: 'all' }, null, runtime.clock.now());
      }
      await runtime.repos.audit.append(
        { action: 'demo.seeded', outcome: 'success', actorName: 'cli', details: { users: created.length, groups: groups.length, seed: options.seed } },
        runtime.clock.now(),
      );
    }
    printSummary(created, { groups: groups.length, memberships, seed: options.seed, password, interrupted: interrupt.requested, requested: users.length });
    return interrupt.requested ? ExitCode.interrupted : ExitCode.ok;
  });
}

function printSummary(
  users: DemoUser[],
  info: { groups: number; memberships: number; seed: number; password: string; interrupted: boolean; requested: number },
): void {
  const assignments = users.reduce((n, u) => n + u.roles.length, 0);
  const disabled = users.filter((u) => !u.accountEnabled).length;
  const mustChange = users.filter((u) => u.forceChangePassword).length;
  if (info.interrupted) warn(`Interrupted: created ${users.length} of ${info.requested} demo users (whole batches only).`);
  print(
    `Created ${users.length} demo users in ${info.groups} groups (${info.memberships} memberships) with ${assignments} admin role assignments (seed ${info.seed}).`,
  );
  if (users.length === 0) return;
  print(`${disabled} accounts are disabled; ${mustChange} users must change their password at first sign-in.`);
  print('');
  print(`Shared password of every demo user (shown once): ${info.password}`);
  print('');
  print('Example sign-ins:');
  const rows: [string, string][] = [];
  const seen = new Set<RoleId>();
  for (const { role } of rolePlan) {
    const holder = users.find((u) => u.roles.includes(role));
    if (holder && !seen.has(role)) {
      seen.add(role);
      rows.push([role, holder.userPrincipalName]);
    }
  }
  const regular = users.find((u) => u.roles.length === 0 && u.accountEnabled && !u.forceChangePassword);
  if (regular) rows.push(['(no admin role)', regular.userPrincipalName]);
  const changer = users.find((u) => u.roles.length === 0 && u.accountEnabled && u.forceChangePassword);
  if (changer) rows.push(['(must change password)', changer.userPrincipalName]);
  const off = users.find((u) => !u.accountEnabled);
  if (off) rows.push(['(disabled: cannot sign in)', off.userPrincipalName]);
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, upn] of rows) print(`  ${label.padEnd(width)}  ${upn}`);
}
