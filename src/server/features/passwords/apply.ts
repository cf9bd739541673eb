import { iso, type Clock } from '../../core/clock.js';
import { newId } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { ErrorCode } from '../../core/error-codes.js';
import type { RequestContext, User } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import { queueUserMail } from '../notifications/notifier.js';
import type { PasswordHasher } from './hasher.js';
import type { AuditAction } from '../../../shared/audit.js';

/*
 * The one password write path (ARCHITECTURE: one policy, one revocation, one audit for every entry
 * point). Change, forced change, admin reset (single and bulk), set-password links, self-service
 * reset and the CLI all end here; they differ only in what they pass in. For a directory user
 * (issue 14) the directory is written first, synchronously, and Latchkey records the write only
 * when the directory accepted it.
 */

/** How long a claim on a user's directory write holds before another writer may take it over (a server died mid-write). */
const DIRECTORY_CLAIM_MS = 120_000;

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
  audit: { action: AuditAction; actor: { id: string | null; name: string }; ctx: RequestContext; details?: Record<string, string | number | boolean | null> };
  /** The notice to the user: a template, its payload and (default: every address of the user) where it goes. */
  notice?: { template: string; payload: Record<string, string | number | boolean | null>; addresses?: (tx: Repos) => Promise<string[]> } | null;
  /** More work in the same transaction, before the password is written: consume a link, complete a flow (throw to roll back). */
  before?: (tx: Repos, at: Date) => Promise<void>;
  /** More work in the same transaction, after it: mark a bulk item done, notify administrators. */
  after?: (tx: Repos, at: Date) => Promise<void>;
  /** The user's current password, for a user's own change: a directory user's change goes to the directory with it, bound as the user. */
  currentPassword?: string;
  /**
   * For a directory user: checks in the claim's transaction, before the directory is written, that
   * the write is still wanted (a bulk item still pending, the actor still allowed); throw to refuse.
   */
  guard?: (tx: Repos) => Promise<void>;
}

/** What the writer needs of the password policy (features/policy's engine provides it; passwords sits below policy). */
export interface PasswordPolicyPort {
  /** @returns the password NFC-normalised, ready to hash. @throws AppError password.rejected */
  enforce(password: string, user: User, purpose: 'change' | 'reset'): Promise<string>;
  /** How many previous hashes to keep when a password is replaced. */
  historyToKeep(): Promise<number>;
}

/**
 * What the writer needs of the directory (issue 14): the part of features/directory's
 * DirectoryConnector that writes passwords, declared here so passwords does not import directory.
 */
export interface DirectoryPasswords {
  /** The user's own change, bound as the user. @throws AppError directory.password_refused, directory.unavailable */
  changePassword(dn: string, oldPassword: string, newPassword: string): Promise<void>;
  /** An administrator's reset through the service account. @throws AppError directory.password_refused, directory.unavailable */
  resetPassword(dn: string, newPassword: string, options: { mustChange: boolean }): Promise<void>;
}

export interface PasswordWriterDeps {
  transact: Transact;
  hasher: PasswordHasher;
  clock: Clock;
  policy: PasswordPolicyPort;
  defaultLocale: () => Promise<Locale>;
  /** Cleanups other features need on every password write (reset-portal flows and counters, …). */
  onWritten?: readonly PasswordWrittenHook[];
  /** The directory whose users' passwords are written back (issue 14); null or absent: none configured. */
  directory?: DirectoryPasswords | null;
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
     * audit event and the notice (N1, N2) — all or nothing. A directory user's password is first
     * written to the directory (writeToDirectory); then the same transaction records it, without a
     * hash or a history row (the directory keeps both).
     * @throws AppError password.rejected (policy), server.busy (hash queue), `write.conflict`,
     *   directory.password_refused, directory.unavailable, directory.misconfigured
     */
    async apply(write: PasswordWrite): Promise<void> {
      const { user } = write;
      const plain = 'generated' in write.password ? write.password.generated : await policy.enforce(write.password.chosen, user, write.password.purpose);
      const keep = await policy.historyToKeep();
      const defaultLocale = await deps.defaultLocale();
      // A directory user's password lives in the directory only: no hash, no history here (issue 14).
      const owner = user.onPremises ? await writeToDirectory(write, plain, user.onPremises.distinguishedName) : null;
      const hash = owner ? null : await hasher.hash(plain);
      const now = clock.now();
      try {
        await recordLocally(write, owner, hash, keep, defaultLocale, now);
      } catch (err) {
        // The directory took the password but Latchkey could not record it: free the user for the next write.
        if (owner) await deps.transact((tx) => tx.directoryWrites.release(user.id, owner));
        throw err;
      }
    },
  };

  async function recordLocally(write: PasswordWrite, owner: string | null, hash: string | null, keep: number, defaultLocale: Locale, now: Date): Promise<void> {
    const { user } = write;
    await transact(async (tx) => {
      await write.before?.(tx, now);
      if (owner) {
        if (!(await tx.directoryWrites.recordWritten(user.id, owner, now, { forceChange: write.forceChange }))) throw new AppError(write.conflict);
      } else {
        if (!(await tx.users.replacePassword(user.id, user.passwordHash, hash!, now, { forceChange: write.forceChange }))) throw new AppError(write.conflict);
        if (user.passwordHash) await tx.passwordHistory.push(user.id, user.passwordHash, now, keep);
      }
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
  }

  /**
   * Claims the user's directory write, then writes the password to the directory: a user's own
   * change bound as the user with the current password (the directory's policy and history apply),
   * anything else as the service account's reset. On a refusal or outage the claim is released,
   * the failure audited (which policy: the directory's) and nothing else changes.
   * @returns the claim's owner, to record the write with.
   * @throws AppError `write.conflict` (claimed or changed meanwhile), directory.password_refused, directory.unavailable, directory.misconfigured
   */
  async function writeToDirectory(write: PasswordWrite, plain: string, dn: string): Promise<string> {
    const { user } = write;
    // A directory user with no directory configured fails closed (ARCHITECTURE: external systems fail closed).
    if (!deps.directory) throw new AppError('directory.misconfigured');
    const directory = deps.directory;
    const owner = newId();
    const claimedAt = clock.now();
    // Its own transaction, committed before the directory is written: a concurrent writer sees it and is refused (checklist R20).
    await transact(async (tx) => {
      if (!(await tx.directoryWrites.claim(user.id, owner, claimedAt, new Date(claimedAt.getTime() + DIRECTORY_CLAIM_MS)))) throw new AppError(write.conflict);
      const current = await tx.users.findById(user.id);
      const changed =
        !current || current.passwordHash !== user.passwordHash || current.lastPasswordChangeAt?.getTime() !== user.lastPasswordChangeAt?.getTime();
      if (changed) throw new AppError(write.conflict);
      await write.guard?.(tx);
    });
    try {
      if ('chosen' in write.password && write.password.purpose === 'change' && write.currentPassword !== undefined)
        await directory.changePassword(dn, write.currentPassword, plain);
      else await directory.resetPassword(dn, plain, { mustChange: write.forceChange });
    } catch (err) {
      await transact(async (tx) => {
        await tx.directoryWrites.release(user.id, owner);
        if (!(err instanceof AppError) || !err.code.startsWith('directory.')) return;
        const { actor, ctx } = write.audit;
        const reason = err.issues.map((i) => i.code).join(' ') || err.code;
        await tx.audit.append(
          {
            action: write.audit.action,
            outcome: 'failure',
            actorId: actor.id,
            actorName: actor.name,
            targetId: user.id,
            targetName: user.userPrincipalName,
            ...ctx,
            details: { ...write.audit.details, reason, policy: 'directory' },
          },
          clock.now(),
        );
      });
      throw err;
    }
    return owner;
  }
}

export type PasswordWriter = ReturnType<typeof createPasswordWriter>;
