import { addSeconds, type Clock } from '../../core/clock.js';
import { hmac, sha256 } from '../../core/crypto.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Claims, ClassState, LockoutState, LockoutTx } from './store.js';
import { HARD_CAP, lockoutSeconds, type LockoutSettings } from './settings.js';
import type { RequestContext } from '../../core/identity.js';

/** What a lockout event records of the request that caused it (AU2). */
type AuditContext = Partial<Pick<RequestContext, 'ipAddress' | 'userAgent' | 'correlationId'>>;

/** How long a wrong password's keyed hash is remembered for the repeat rule. */
const REPEAT_WINDOW_MS = 3_600_000;
const REMEMBERED_WRONG = 3;
/** A claim not settled by then lapses (the request crashed or hung mid-comparison). */
export const CLAIM_LAPSE_MS = 30_000;
/** The end of a hard lock of one device class: it lasts until a password reset or an admin's unlock. */
const FOREVER = new Date('9999-12-31T00:00:00.000Z');
const isForever = (until: Date | null) => until !== null && until.getTime() >= FOREVER.getTime();

export type FailureOutcome = { counted: boolean; lockedNow: boolean; hardLocked: boolean };
/** `claimed`: compare the password now, then settle. `locked`/`repeat`: do not compare it. */
export type ClaimOutcome = 'claimed' | 'locked' | 'repeat';
export type SettleOutcome = 'ok' | 'locked' | 'wrong';

/**
 * Entra's smart lockout (reference §9): a threshold and duration, escalating lockouts, separate
 * counters for familiar and unfamiliar devices, repeats of the last 3 wrong passwords not counted,
 * and NIST's hard cap. Every secret a user types (sign-in, current password on change,
 * re-authentication) goes through here, via the secret gate (verify.ts).
 *
 * Race-free (checklist L7, ASVS 15.4.2): an attempt CLAIMS a slot before its password is hashed,
 * in a transaction on the user's lockout row (FOR UPDATE on PostgreSQL; SQLite runs transactions
 * one at a time). Claims in flight count toward the threshold, so however many requests arrive
 * together, at most `threshold` wrong passwords are ever compared before the lock, and a right
 * password is accepted only if the account is still not locked when its comparison is settled.
 */
export function createLockoutService(deps: { repos: Repos; transact: Transact; clock: Clock; secret: string; settings: () => Promise<LockoutSettings> }) {
  const { repos, transact, clock } = deps;
  const classOf = (state: LockoutState, familiar: boolean): ClassState => (familiar ? state.familiar : state.unfamiliar);
  const claimOf = (claims: Claims, familiar: boolean) => (familiar ? claims.familiar : claims.unfamiliar);
  const lockedAt = (state: LockoutState, familiar: boolean, now: Date) => {
    const until = classOf(state, familiar).lockedUntil;
    return state.hardLocked || (until !== null && until > now);
  };
  const recent = (state: LockoutState, now: Date) => state.recentWrong.filter((e) => now.getTime() - new Date(e.at).getTime() < REPEAT_WINDOW_MS);

  /** Counts one wrong secret on a row read for update; locks at the threshold and audits it. */
  async function countFailure(
    tx: LockoutTx,
    state: LockoutState,
    familiar: boolean,
    tried: string,
    settings: LockoutSettings,
    now: Date,
    claims?: Claims,
    ctx?: AuditContext,
  ): Promise<FailureOutcome> {
    const userId = state.userId;
    state.recentWrong = recent(state, now);
    if (state.recentWrong.some((e) => e.hash === tried)) {
      await tx.lockout.save(state, now, claims);
      return { counted: false, lockedNow: false, hardLocked: state.hardLocked };
    }
    state.recentWrong = [...state.recentWrong, { hash: tried, at: now.toISOString() }].slice(-REMEMBERED_WRONG);
    const counter = classOf(state, familiar);
    counter.failures += 1;
    state.consecutiveFailures += 1;
    let lockedNow = false;
    if (counter.failures >= settings.lockoutThreshold) {
      counter.lockouts += 1;
      counter.lockedUntil = addSeconds(now, lockoutSeconds(settings, counter.lockouts));
      lockedNow = true;
    }
    // NIST's hard cap (§3.2.2): only a reset or an unlock ends it. Failures from anywhere reach it
    // for unfamiliar browsers; the familiar class is hard-locked only by its own failures, so
    // strangers never keep the owner out of the browser they always use (issue 12 finding 3, L1).
    if (familiar ? counter.failures >= HARD_CAP && !state.hardLocked : state.consecutiveFailures >= HARD_CAP && !isForever(counter.lockedUntil)) {
      if (familiar) state.hardLocked = true;
      else counter.lockedUntil = FOREVER;
      lockedNow = true;
    }
    await tx.lockout.save(state, now, claims);
    if (lockedNow) {
      await tx.audit.append(
        {
          action: 'user.locked_out',
          outcome: 'success',
          targetId: userId,
          // The request that tipped it: address, user agent and correlation id (AU2).
          ipAddress: ctx?.ipAddress ?? null,
          userAgent: ctx?.userAgent ?? null,
          correlationId: ctx?.correlationId ?? null,
          details: {
            familiar,
            lockouts: counter.lockouts,
            hardLocked: state.hardLocked || isForever(counter.lockedUntil),
            until: isForever(counter.lockedUntil) ? null : (counter.lockedUntil?.toISOString() ?? null),
          },
        },
        now,
      );
    }
    return { counted: true, lockedNow, hardLocked: state.hardLocked };
  }

  /** Drops claims that lapsed, and one settled claim of `familiar`'s class when `settle` is set. */
  function tidyClaims(claims: Claims, now: Date, settle?: { familiar: boolean }): Claims {
    for (const k of [claims.familiar, claims.unfamiliar]) {
      if (k.until && k.until <= now) Object.assign(k, { pending: 0, until: null });
    }
    if (settle) {
      const k = claimOf(claims, settle.familiar);
      k.pending = Math.max(0, k.pending - 1);
      if (k.pending === 0) k.until = null;
    }
    return claims;
  }

  return {
    /**
     * The keyed hash a tried secret is remembered by (never the secret). It binds the stored
     * password hash too, so after any password change a remembered wrong secret is forgotten:
     * it may be the new, right one.
     */
    triedKey: (userId: string, passwordHash: string | null, secretTried: string) =>
      hmac(deps.secret, `lockout:${userId}:${sha256(passwordHash ?? '')}:${secretTried}`),

    /** Whether the user is locked out for this kind of device (or hard-locked) right now. */
    async isLocked(userId: string, familiar: boolean): Promise<boolean> {
      const state = await repos.lockout.get(userId);
      return state ? lockedAt(state, familiar, clock.now()) : false;
    },

    /**
     * Claims one comparison before the secret is hashed. Refused (`locked`) while locked, and when
     * the failures so far plus the comparisons in flight already reach the threshold (after a lock
     * has run out, one at a time) or the hard cap. `repeat`: one of the last 3 wrong secrets
     * (known wrong without comparing; not counted again).
     */
    async claim(userId: string, familiar: boolean, tried: string): Promise<ClaimOutcome> {
      const settings = await deps.settings();
      const now = clock.now();
      // Its own short transaction of compiled statements (lockout/statements.ts), not a full `transact`.
      return repos.lockout.atomically(async (tx) => {
        const { state, claims: stored } = await tx.lockout.getForClaim(userId, now);
        if (lockedAt(state, familiar, now)) return 'locked';
        if (recent(state, now).some((e) => e.hash === tried)) return 'repeat';
        const claims = tidyClaims(stored, now);
        const mine = claimOf(claims, familiar);
        const allowance = Math.max(1, settings.lockoutThreshold - classOf(state, familiar).failures);
        if (mine.pending >= allowance) return 'locked';
        const towardCap = familiar ? state.familiar.failures + mine.pending : state.consecutiveFailures + claims.familiar.pending + claims.unfamiliar.pending;
        if (towardCap >= HARD_CAP) return 'locked';
        mine.pending += 1;
        mine.until = new Date(now.getTime() + CLAIM_LAPSE_MS);
        await tx.lockout.saveClaims(userId, claims);
        return 'claimed';
      });
    },

    /**
     * Settles a claimed comparison in one transaction. Wrong: counted (and locks at the
     * threshold). Right: accepted only if the account is not locked NOW (a concurrent failure may
     * have locked it meanwhile: then it is refused like a wrong password, L7); accepting clears
     * this device class's counter and the consecutive count.
     */
    async settle(userId: string, familiar: boolean, tried: string, ok: boolean, ctx?: AuditContext): Promise<SettleOutcome> {
      const settings = await deps.settings();
      const now = clock.now();
      return repos.lockout.atomically(async (tx) => {
        const found = await tx.lockout.getForClaim(userId, now);
        const { state } = found;
        const claims = tidyClaims(found.claims, now, { familiar });
        if (!ok) {
          await countFailure(tx, state, familiar, tried, settings, now, claims, ctx);
          return 'wrong';
        }
        if (lockedAt(state, familiar, now)) {
          await tx.lockout.saveClaims(userId, claims);
          return 'locked';
        }
        const counter = classOf(state, familiar);
        if (counter.failures || counter.lockouts || state.consecutiveFailures || state.recentWrong.length) {
          Object.assign(counter, { failures: 0, lockouts: 0, lockedUntil: null });
          state.consecutiveFailures = 0;
          state.recentWrong = [];
          await tx.lockout.save(state, now, claims);
        } else {
          await tx.lockout.saveClaims(userId, claims);
        }
        return 'ok';
      });
    },

    /**
     * The statements and transaction of a claim or a settlement, on a row that does not exist:
     * what an unknown name costs, so its answer takes as long as a real account's (R2).
     */
    async shadow(): Promise<void> {
      const nobody = '00000000-0000-0000-0000-000000000000';
      await repos.lockout.atomically(async (tx) => tx.lockout.saveClaims(nobody, tidyClaims(await tx.lockout.shadowClaims(nobody), clock.now())));
    },

    /** Gives a claim back without a verdict (the comparison failed, e.g. the server was busy). */
    async release(userId: string, familiar: boolean): Promise<void> {
      const now = clock.now();
      await repos.lockout.atomically(async (tx) =>
        tx.lockout.saveClaims(userId, tidyClaims((await tx.lockout.getForClaim(userId, now)).claims, now, { familiar })),
      );
    },

    /** Counts a wrong secret outside the gate (tools and tests), race-free like the gate's. */
    async recordFailure(userId: string, familiar: boolean, secretTried: string): Promise<FailureOutcome> {
      const settings = await deps.settings();
      const now = clock.now();
      const tried = hmac(deps.secret, `lockout:${userId}:${secretTried}`);
      return transact(async (tx) => countFailure(tx, await tx.lockout.getForUpdate(userId, now), familiar, tried, settings, now));
    },
  };
}

export type LockoutService = ReturnType<typeof createLockoutService>;
