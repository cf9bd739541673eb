import { iso, type Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { ErrorCode } from '../../core/error-codes.js';
import type { RequestContext, User } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import { queueUserMail } from '../notifications/notifier.js';
import type { PasswordHasher } from './hasher.js';

/*
 * The one password write path (ARCHITECTURE: one policy, one revocation, one audit for every entry
 * point). Change, forced change, admin reset (single and bulk), set-password links, self-service
 * reset and the CLI all end here; they differ only in what they pass in. The directory writeback
 * hooks in here too (`onWritten`).
 */

/** Work another feature does in the same transaction whenever any password is replaced (its cleanup). */
export type PasswordWrittenHook = (tx: Repos, user: User, at: Date) => Promise<void>;

/** Where the new password comes from: chosen by someone (it goes through the policy), or generated (already accepted by it). */
export type NewPassword = { chosen: string; purpose: 'change' | 'reset' } | { generated: string };

export interface PasswordWrite {
  /** The user as read before the write: the write only lands if their password is still this one. */
  user: User;
  password: NewPassword;
  /** Require a change at next sign-in (an admin reset's option; false everywhere else). */
  forceChange: boolean;
  /** The error when the password changed in the meantime (a concurrent write won). */
  conflict: ErrorCode;
  audit: { action: string; actor: { id: string | null; name: string }; ctx: RequestContext; details?: Record<string, string | number | boolean | null> };
  /** The notice to the user: a template, its payload and (default: every address of the user) where it goes. */
  notice?: { template: string; payload: Record<string, string | number | boolean | null>; addresses?: (tx: Repos) => Promise<string[]> } | null;
  /** More work in the same transaction, before the password is written: consume a link, complete a flow (throw to roll back). */
  before?: (tx: Repos, at: Date) => Promise<void>;
  /** More work in the same transaction, after it: mark a bulk item done, notify administrators. */
  after?: (tx: Repos, at: Date) => Promise<void>;
}

/** What the writer needs of the password policy (features/policy's engine provides it; passwords sits below policy). */
export interface PasswordPolicyPort {
  /** @returns the password NFC-normalised, ready to hash. @throws AppError password.rejected */
  enforce(password: string, user: User, purpose: 'change' | 'reset'): Promise<string>;
  /** How many previous hashes to keep when a password is replaced. */
  historyToKeep(): Promise<number>;
}

export interface PasswordWriterDeps {
  transact: Transact;
  hasher: PasswordHasher;
  clock: Clock;
  policy: PasswordPolicyPort;
  defaultLocale: () => Promise<Locale>;
  /** Cleanups other features need on every password write (reset-portal flows and counters, …). */
  onWritten?: readonly PasswordWrittenHook[];
}

export function createPasswordWriter(deps: PasswordWriterDeps) {
  const { transact, hasher, clock, policy } = deps;
  const hooks = deps.onWritten ?? [];

  return {
    /**
     * Replaces a user's password. A chosen password passes the one policy first; then, hashed
     * outside the transaction, in ONE transaction: the compare-and-set on the old hash, history,
     * every session ended (checklist C8, C10, R20), smart lockout cleared, open set-password links
     * revoked (R8), the features' hooks (open reset flows ended, reset counters cleared), the
     * audit event and the notice (N1, N2) — all or nothing.
     * @throws AppError password.rejected (policy), server.busy (hash queue), or `write.conflict`
     */
    async apply(write: PasswordWrite): Promise<void> {
      const { user } = write;
      const plain = 'generated' in write.password ? write.password.generated : await policy.enforce(write.password.chosen, user, write.password.purpose);
      const hash = await hasher.hash(plain);
      const keep = await policy.historyToKeep();
      const defaultLocale = await deps.defaultLocale();
      const now = clock.now();
      await transact(async (tx) => {
        await write.before?.(tx, now);
        if (!(await tx.users.replacePassword(user.id, user.passwordHash, hash, now, { forceChange: write.forceChange }))) throw new AppError(write.conflict);
        if (user.passwordHash) await tx.passwordHistory.push(user.id, user.passwordHash, now, keep);
        await tx.sessions.revokeAllForUser(user.id, now);
        await tx.lockout.clear(user.id);
        await tx.passwordLinks.revokeForUser(user.id, now);
        for (const hook of hooks) await hook(tx, user, now);
        const { actor, ctx } = write.audit;
        await tx.audit.append(
          {
            action: write.audit.action,
            outcome: 'success',
            actorId: actor.id,
            actorName: actor.name,
            targetId: user.id,
            targetName: user.userPrincipalName,
            ...ctx,
            ...(write.audit.details ? { details: write.audit.details } : {}),
          },
          now,
        );
        if (write.notice) {
          const addresses = write.notice.addresses ? await write.notice.addresses(tx) : undefined;
          await queueUserMail(
            tx,
            user,
            write.notice.template,
            { occurredAt: iso(now), ...write.notice.payload },
            { at: now, defaultLocale, ...(addresses ? { addresses } : {}) },
          );
        }
        await write.after?.(tx, now);
      });
    },
  };
}

export type PasswordWriter = ReturnType<typeof createPasswordWriter>;
