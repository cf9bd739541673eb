import { contactAdminStep } from './contact-admin.js';
import { passkeyOptionsStep } from './passkey-step.js';
import { createPortal, type RecoveryDeps } from './portal.js';
import { sendStep } from './send.js';
import { checkPasswordStep, setPasswordStep } from './set-password.js';
import { startSteps } from './start.js';
import { unlockStep } from './unlock.js';
import { verifyStep } from './verify.js';

export type { RecoveryDeps } from './portal.js';
export type { VerifyInput } from './verify.js';

/** Decoy messages are dropped after a day; flows and failed proofs after the report's 30 days (reference §7.13). */
const DECOY_DAYS = 1;
const FLOW_DAYS = 30;
const DAY = 86_400_000;

/**
 * The reset portal (reference §7.3; checklist R): a persisted flow per attempt whose states and
 * events are flow.ts's table, `verify` (prove N methods) -> `password` -> `completed` (a new password,
 * or for a directory user "unlock without resetting", reference §7.10), or `failed`.
 * Until a code would be delivered, every name gets the same answer for the same work: an account
 * that can't reset runs the same statements, hashes and outbox writes as one that can (R1, R2).
 * Each step lives in its own file: start.ts, send.ts, verify.ts, set-password.ts, contact-admin.ts.
 */
export function createRecoveryService(deps: RecoveryDeps) {
  const portal = createPortal(deps);
  const { repos, clock } = deps;
  return {
    captchaChallenge: () => deps.captcha.challenge(),
    ...startSteps(portal),
    send: sendStep(portal),
    verify: verifyStep(portal),
    passkeyOptions: passkeyOptionsStep(portal),
    setPassword: setPasswordStep(portal),
    unlock: unlockStep(portal),
    checkPassword: checkPasswordStep(portal),
    contactAdmin: contactAdminStep(portal),

    /** Ends flows left open past their 15 minutes (flow.ts's `abandon`); drops flows and attempts older than the report's 30 days (reference §7.13). */
    async prune(): Promise<number> {
      await repos.recovery.abandonExpired(clock.now());
      await repos.outbox.deleteDecoysBefore(new Date(clock.now().getTime() - DECOY_DAYS * DAY));
      return repos.recovery.deleteFlowsBefore(new Date(clock.now().getTime() - FLOW_DAYS * DAY));
    },
  };
}

export type RecoveryService = ReturnType<typeof createRecoveryService>;
