import type { Clock } from '../../core/clock.js';
import type { RequestContext, User } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';

/** What a reset of a user's second factors removed. */
export interface SecondFactorReset {
  authenticatorApps: number;
  passkeys: number;
  rememberedDevices: number;
}

/**
 * Entra's "Require re-registration for multifactor authentication", for the user who lost their
 * phone or security key (issue 17): removes the user's authenticator app and passkeys, forgets the
 * devices that skip MFA, ends the MFA lock and every session, in one transaction, audited as
 * `user.mfa_reset`. At the next sign-in a user the policy asks for MFA registers a method again.
 * The operator at the console runs it (`latchkey users reset-mfa`); the actor is recorded.
 */
export function createSecondFactorReset(deps: { repos: Repos; transact: Transact; clock: Clock }) {
  return async function resetSecondFactors(user: User, actor: { id: string | null; name: string }, ctx: RequestContext): Promise<SecondFactorReset> {
    const now = deps.clock.now();
    return deps.transact(async (tx) => {
      let authenticatorApps = 0;
      for (const method of await tx.securityInfo.methods(user.id)) {
        if (method.kind === 'authenticatorApp' && (await tx.securityInfo.removeMethod(user.id, method.id))) authenticatorApps++;
      }
      let passkeys = 0;
      for (const passkey of await tx.passkeys.list(user.id)) if (await tx.passkeys.remove(user.id, passkey.id)) passkeys++;
      const rememberedDevices = await tx.mfa.forgetDevices(user.id);
      await tx.mfa.unlock(user.id);
      // Sessions proven with the old factors end: whoever holds one must sign in and register again.
      await tx.sessions.revokeAllForUser(user.id, now);
      await tx.audit.append(
        {
          action: 'user.mfa_reset',
          outcome: 'success',
          actorId: actor.id,
          actorName: actor.name,
          targetId: user.id,
          targetName: user.userPrincipalName,
          ...ctx,
          details: { authenticatorApps, passkeys, rememberedDevices },
        },
        now,
      );
      return { authenticatorApps, passkeys, rememberedDevices };
    });
  };
}
