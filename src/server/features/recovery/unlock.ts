import { iso } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { RequestContext, User } from '../../core/identity.js';
import type { Locale } from '../../i18n/index.js';
import { parties } from '../audit/store.js';
import { queueUserMail } from '../notifications/notifier.js';
import { securityNoticeAddresses } from '../notifications/security-notices.js';
import { transition } from './flow.js';
import type { Portal } from './portal.js';

/** The audit action of "unlock without resetting" (success, and failure when the directory could not be reached). */
const ACTION = 'user.account_unlocked_self' as const;

/** Step 3, the other choice: unlock the account in the directory and keep the password (reference §7.10). */
export function unlockStep(portal: Portal) {
  const { deps, repos } = portal;

  /**
   * Unlocks a directory user after the same proofs as a reset, when the SSPR policy allows it
   * (`allowUnlockWithoutReset`). The directory first: when it can't be reached nothing changes
   * here (the flow stays open for another try; checklist R8 keeps it bound to this user). Then
   * in one transaction: the flow completes exactly once, Latchkey's smart lockout and the
   * recorded directory lock clear, the audit event and the notice (checklist N2, N5). The
   * password and the sessions stay as they are: nothing about them changed.
   * @throws AppError directory.unlock_not_available (the policy is off, no directory, or a local user),
   *   directory.unavailable (503), recovery.step_not_allowed and the flow errors
   */
  return async function unlock(token: string, ctx: RequestContext, locale: Locale) {
    const { flow, user } = await portal.openFlow(token, 'unlock');
    if (!portal.canSucceed(flow, user) || !user) throw new AppError('recovery.step_not_allowed');
    const settings = await deps.settings();
    // Reached only past the proofs (openFlow accepts `unlock` in state `password` alone), so this answer reveals nothing new (R1).
    if (!portal.unlockAllowed(flow, user, settings)) throw new AppError('directory.unlock_not_available');
    try {
      await deps.directory!.unlock(user.onPremises.distinguishedName);
    } catch (err) {
      await auditFailure(user, ctx, err);
      throw err;
    }
    const defaultLocale = await deps.defaultLocale();
    let completed: ReturnType<typeof transition> | undefined;
    await portal.transact(async (tx) => {
      const at = portal.clock.now();
      completed = transition(flow, { type: 'unlock', at });
      if (!(await tx.recovery.updateFlow(flow.id, flow.version, completed.change))) throw new AppError('recovery.step_not_allowed');
      await tx.lockout.clear(user.id);
      await tx.directoryLocks.setDirectoryLock(user.id, null);
      await tx.audit.append(
        {
          action: ACTION,
          outcome: 'success',
          ...parties(user, user),
          ...ctx,
          details: { methods: flow.proven.join(' ') },
        },
        at,
      );
      if (settings.notifyUsers) {
        const addresses = await securityNoticeAddresses(tx, user, []);
        await queueUserMail(
          tx,
          user,
          'account-unlocked-self',
          { occurredAt: iso(at), ipAddress: ctx.ipAddress, userAgent: ctx.userAgent },
          { at, defaultLocale, addresses },
        );
      }
    });
    deps.mailQueued();
    return portal.view(token, portal.shown(flow, completed!), locale);
  };

  /** The directory did not answer: the attempt is audited as a failure with its reason; nothing else is written. */
  async function auditFailure(user: User, ctx: RequestContext, err: unknown) {
    const reason = err instanceof AppError ? err.code : 'error';
    await repos.audit.append(
      {
        action: ACTION,
        outcome: 'failure',
        ...parties(user, user),
        ...ctx,
        details: { reason },
      },
      portal.clock.now(),
    );
  }
}
