import { addSeconds, type Clock } from '../../core/clock.js';
import { hmac } from '../../core/crypto.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { ClassState, LockoutState } from './store.js';
import { HARD_CAP, lockoutSeconds, type LockoutSettings } from './settings.js';

/** How long a wrong password's keyed hash is remembered for the repeat rule. */
const REPEAT_WINDOW_MS = 3_600_000;
const REMEMBERED_WRONG = 3;

export type FailureOutcome = { counted: boolean; lockedNow: boolean; hardLocked: boolean };

/**
 * Entra's smart lockout (reference §9): a threshold and duration, escalating lockouts, separate
 * counters for familiar and unfamiliar devices, repeats of the last 3 wrong passwords not counted,
 * and NIST's hard cap. Every secret a user types (sign-in, current password on change,
 * re-authentication) goes through here.
 */
export function createLockoutService(deps: { repos: Repos; transact: Transact; clock: Clock; secret: string; settings: () => Promise<LockoutSettings> }) {
  const { repos, transact, clock } = deps;
  const classOf = (state: LockoutState, familiar: boolean): ClassState => (familiar ? state.familiar : state.unfamiliar);

  return {
    /** Whether the user is locked out for this kind of device (or hard-locked) right now. */
    async isLocked(userId: string, familiar: boolean): Promise<boolean> {
      const state = await repos.lockout.get(userId);
      if (!state) return false;
      const until = classOf(state, familiar).lockedUntil;
      return state.hardLocked || (until !== null && until > clock.now());
    },

    /**
     * Counts a wrong secret, race-free (the row is read for update in one transaction, so 50
     * concurrent failures count as 50 sequential ones).
     */
    async recordFailure(userId: string, familiar: boolean, secretTried: string): Promise<FailureOutcome> {
      const settings = await deps.settings();
      const now = clock.now();
      // Only a keyed hash of the wrong password is kept, and only for the repeat window (reference §9).
      const tried = hmac(deps.secret, `lockout:${userId}:${secretTried}`);
      return transact(async (tx) => {
        const state = await tx.lockout.getForUpdate(userId, now);
        state.recentWrong = state.recentWrong.filter((e) => now.getTime() - new Date(e.at).getTime() < REPEAT_WINDOW_MS);
        if (state.recentWrong.some((e) => e.hash === tried)) {
          await tx.lockout.save(state, now);
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
        if (state.consecutiveFailures >= HARD_CAP && !state.hardLocked) {
          state.hardLocked = true;
          lockedNow = true;
        }
        await tx.lockout.save(state, now);
        if (lockedNow) {
          await tx.audit.append(
            {
              action: 'user.locked_out',
              outcome: 'success',
              targetId: userId,
              details: { familiar, lockouts: counter.lockouts, hardLocked: state.hardLocked, until: counter.lockedUntil?.toISOString() ?? null },
            },
            now,
          );
        }
        return { counted: true, lockedNow, hardLocked: state.hardLocked };
      });
    },

    /** A correct secret clears this device class's counter and the consecutive count. */
    async recordSuccess(userId: string, familiar: boolean): Promise<void> {
      const state = await repos.lockout.get(userId);
      if (!state) return;
      const counter = classOf(state, familiar);
      if (counter.failures === 0 && state.consecutiveFailures === 0 && state.recentWrong.length === 0) return;
      const now = clock.now();
      await transact(async (tx) => {
        const fresh = await tx.lockout.getForUpdate(userId, now);
        Object.assign(classOf(fresh, familiar), { failures: 0, lockouts: 0, lockedUntil: null });
        fresh.consecutiveFailures = 0;
        fresh.recentWrong = [];
        await tx.lockout.save(fresh, now);
      });
    },
  };
}

export type LockoutService = ReturnType<typeof createLockoutService>;
