import { searchTokens } from '../../src/server/features/users/search-tokens.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDemoUsers } from '../../src/cli/demo/generate.js';
import { loadConfig } from '../../src/server/config/load.js';
import type { Config } from '../../src/server/config/schema.js';
import { iso } from '../../src/server/core/clock.js';
import { newId } from '../../src/server/core/crypto.js';
import { identifierKey, sortKey } from '../../src/server/features/users/model.js';
import { openRuntime, type Runtime } from '../../src/server/runtime.js';

export const DIRECTORY_DOMAIN = 'contoso.example';

/** A migrated SQLite database in a fresh temporary directory, removed by `close()`. */
export async function openBenchRuntime(overrides: Record<string, unknown> = {}): Promise<{ runtime: Runtime; config: Config; close(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-bench-'));
  // Environment ignored on purpose: the defaults (argon2 m=19456, t=2, p=1; SQLite WAL).
  const config = loadConfig({}, { dataDir, logLevel: 'silent', ...overrides });
  try {
    const runtime = await openRuntime(config);
    await runtime.repos.organization.create({ id: newId(), name: 'Contoso (benchmark)', defaultLanguage: 'en', domain: DIRECTORY_DOMAIN }, runtime.clock.now());
    return {
      runtime,
      config,
      async close() {
        await runtime.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * `count` users with the demo's varied Dutch and English names (`latchkey demo`'s generator, admin
 * roles left out), written straight into `app_user` in multi-row inserts of 500 in transactions:
 * 100,000 users take seconds. Every user gets `passwordHash` (one shared hash, or null).
 * @returns the ids and user principal names, in insertion order.
 */
export async function seedDirectory(
  runtime: Runtime,
  count: number,
  passwordHash: string | null,
  seed = 7,
): Promise<{ id: string; userPrincipalName: string; displayName: string }[]> {
  const users = generateDemoUsers({ count, seed, domain: DIRECTORY_DOMAIN, taken: new Set(['admin@contoso.example']) });
  const at = iso(runtime.clock.now());
  const rows = users.map((u) => ({
    id: newId(),
    user_principal_name: u.userPrincipalName,
    upn_key: identifierKey(u.userPrincipalName),
    display_name: u.displayName,
    display_name_key: sortKey(u.displayName),
    given_name: u.givenName ?? null,
    surname: u.surname ?? null,
    mail: u.mail ?? null,
    mail_key: u.mail ? identifierKey(u.mail) : null,
    other_mails: JSON.stringify(u.otherMails ?? []),
    mobile_phone: u.mobilePhone ?? null,
    business_phones: JSON.stringify(u.businessPhones ?? []),
    department: u.department,
    job_title: u.jobTitle,
    // Everyone enabled and without the must-change flag: the benchmarks compare like with like.
    account_enabled: 1,
    preferred_language: u.preferredLanguage ?? null,
    password_hash: passwordHash,
    last_password_change_at: passwordHash ? at : null,
    disable_password_expiration: 0,
    disable_strong_password: 0,
    force_change_password: 0,
    sessions_valid_from: at,
    created_at: at,
    updated_at: at,
  }));
  const { db } = runtime.db;
  for (let i = 0; i < rows.length; i += 5_000) {
    await db.transaction().execute(async (trx) => {
      for (let j = i; j < Math.min(rows.length, i + 5_000); j += 500) {
        const chunk = rows.slice(j, j + 500);
        await trx.insertInto('app_user').values(chunk).execute();
        // The search words, as the user store writes them.
        const tokens = chunk.flatMap((r) =>
          searchTokens({
            displayName: r.display_name,
            givenName: r.given_name,
            surname: r.surname,
            userPrincipalName: r.user_principal_name,
            mail: r.mail,
          }).map((token) => ({ token, display_name_key: r.display_name_key, user_id: r.id })),
        );
        for (let k = 0; k < tokens.length; k += 500)
          await trx
            .insertInto('user_search_token')
            .values(tokens.slice(k, k + 500))
            .execute();
      }
    });
  }
  return rows.map((r) => ({ id: r.id, userPrincipalName: r.user_principal_name, displayName: r.display_name }));
}
