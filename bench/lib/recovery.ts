import { createCaptcha } from '../../src/server/features/recovery/captcha.js';
import { defaultSsprSettings, SSPR_SETTINGS_KEY, type SsprSettings } from '../../src/server/features/recovery/settings.js';
import { newId } from '../../src/server/core/crypto.js';
import { solveCaptcha } from '../../src/server/testing/recovery.js';
import { startBenchServer, type BenchServer } from './server.js';

/**
 * The five kinds of name the reset portal must answer alike (checklist R1, R2). One SSPR setting
 * holds for the whole organisation, so "in scope" and "out of scope" can only coexist with SSPR
 * scoped to a group: `eligible` users are in it, `outOfScope` users are not.
 */
export const accountClasses = ['eligible', 'unknown', 'disabled', 'outOfScope', 'unregistered'] as const;
export type AccountClass = (typeof accountClasses)[number];

export const classLabels: Record<AccountClass, string> = {
  eligible: 'eligible (methods registered, in scope)',
  unknown: 'unknown name',
  disabled: 'disabled account (methods registered, in scope)',
  outOfScope: 'out of scope (methods registered, not in the SSPR group)',
  unregistered: 'no methods registered (in scope)',
};

export interface RecoveryBenchServer extends BenchServer {
  /** `perClass` sign-in names per class (unknown: names no account has). */
  names: Record<AccountClass, string[]>;
  /** The reset portal's own CAPTCHA (same secret, clock and difficulty), to pre-solve challenges. */
  solveCaptchas(count: number): Promise<string[]>;
  /** Flows in the database by their recorded eligibility: `kinds` distinct, `text` e.g. `eligible 240, unknown 240, …`. */
  flowsByEligibility(): Promise<{ kinds: number; total: number; text: string }>;
  /** Outbox rows by template and status, e.g. `recovery-code/sent 240, recovery-code/decoy 800`. */
  outboxByTemplate(): Promise<{ kinds: number; total: number; text: string }>;
}

/**
 * The real server (`startBenchServer`: SQLite, 127.0.0.1, port 0) prepared for the reset portal:
 * `4 × perClass` seeded users split into the four existing classes, security info written
 * straight into `auth_method` (an email address and a mobile phone), SSPR on for one group with
 * email and mobile phone as methods (one required; with only code methods every decoy offers one
 * to send to), the CAPTCHA at its smallest difficulty (10) and the per-address limits raised to
 * 1,000,000 so they still run (and cost what they cost) without refusing the benchmark's single
 * address.
 */
export async function startRecoveryServer(perClass: number, config: Record<string, unknown> = {}): Promise<RecoveryBenchServer> {
  const server = await startBenchServer({
    users: 4 * perClass,
    config: {
      recoveryCaptchaMaxNumber: 10,
      rateLimitRecoveryPerIp: 1_000_000,
      rateLimitRecoverySendsPerIp: 1_000_000,
      rateLimitRecoveryVerifiesPerIp: 1_000_000,
      ...config,
    },
  });
  try {
    const { runtime } = server;
    const { repos } = runtime;
    const now = runtime.clock.now();
    const rows = await runtime.db.db.selectFrom('app_user').select(['id', 'user_principal_name']).execute();
    const idOf = new Map(rows.map((r) => [r.user_principal_name, r.id]));
    const existing = ['eligible', 'disabled', 'outOfScope', 'unregistered'] as const;
    const names = Object.fromEntries(accountClasses.map((c) => [c, [] as string[]])) as Record<AccountClass, string[]>;
    server.usernames.forEach((upn, i) => names[existing[i % existing.length]!].push(upn));
    names.unknown = Array.from({ length: perClass }, (_, i) => `nobody${String(i).padStart(5, '0')}@contoso.example`);
    const id = (upn: string) => {
      const found = idOf.get(upn);
      if (!found) throw new Error(`seeded user ${upn} not found`);
      return found;
    };

    const groupId = newId();
    await repos.groups.create({ id: groupId, displayName: 'Self-service password reset (benchmark)' }, now);
    await repos.groups.addMembers(groupId, [...names.eligible, ...names.disabled, ...names.unregistered].map(id));
    let n = 0;
    for (const upn of [...names.eligible, ...names.disabled, ...names.outOfScope]) {
      n++;
      await repos.securityInfo.putMethod({ id: newId(), userId: id(upn), kind: 'email', value: upn.replace('@contoso.example', '.private@example.net') }, now);
      await repos.securityInfo.putMethod({ id: newId(), userId: id(upn), kind: 'mobilePhone', value: `+316${String(10_000_000 + n).slice(-8)}` }, now);
    }
    for (const upn of names.disabled) await repos.users.setFlags(id(upn), { accountEnabled: false }, now);
    const sspr: SsprSettings = {
      ...defaultSsprSettings,
      enabledFor: 'group',
      groupId,
      methods: { email: true, mobilePhone: true, officePhone: false, authenticatorApp: false, securityQuestions: false },
      methodsRequired: 1,
    };
    await repos.settings.put(SSPR_SETTINGS_KEY, sspr, null, now);

    const captcha = createCaptcha({ secret: runtime.secret, clock: runtime.clock, maxNumber: server.config.recoveryCaptchaMaxNumber });
    const flowsByEligibility = async () => {
      const rows = await runtime.db.db
        .selectFrom('recovery_flow')
        .select('eligibility')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .groupBy('eligibility')
        .orderBy('eligibility')
        .execute();
      return summary(rows.map((r) => [r.eligibility, Number(r.n)]));
    };
    const outboxByTemplate = async () => {
      const rows = await runtime.db.db
        .selectFrom('outbox')
        .select(['template', 'status'])
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .groupBy(['template', 'status'])
        .orderBy('template')
        .orderBy('status')
        .execute();
      return summary(rows.map((r) => [`${r.template}/${r.status}`, Number(r.n)]));
    };
    return {
      ...server,
      names,
      async solveCaptchas(count) {
        const out: string[] = [];
        // Challenges are signed with WebCrypto (asynchronous): 32 at a time is about twice as fast as one by one.
        while (out.length < count) {
          const batch = await Promise.all(Array.from({ length: Math.min(32, count - out.length) }, () => captcha.challenge()));
          for (const c of batch) out.push(solveCaptcha(c));
        }
        return out;
      },
      flowsByEligibility,
      outboxByTemplate,
    };
  } catch (err) {
    await server.close();
    throw err;
  }
}

/** The method a person would pick: email when offered, else the first code method (text, call). */
export function codeMethodOf(flow: { methods: { method: string }[] }): string | undefined {
  const methods = flow.methods.map((m) => m.method);
  return methods.includes('email') ? 'email' : methods.find((m) => m === 'mobilePhone' || m === 'officePhone');
}

function summary(rows: [string, number][]): { kinds: number; total: number; text: string } {
  return { kinds: rows.length, total: rows.reduce((t, [, n]) => t + n, 0), text: rows.map(([k, n]) => `${k} ${n}`).join(', ') };
}
