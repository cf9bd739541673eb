import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { iso, type Clock } from '../../core/clock.js';
import { newId } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Principal, RequestContext, User } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import { parties } from '../audit/store.js';
import { queueUserMail } from '../notifications/notifier.js';
import { securityNoticeAddresses } from '../notifications/security-notices.js';
import { createPasskeyAssertions } from './assertions.js';
import { CHALLENGE_SECONDS, createChallenges } from './challenges.js';
import type { PasskeyAssertions } from './port.js';
import type { RelyingParty } from './relying-party.js';
import type { StoredPasskey } from './store.js';

/** Passkeys one user may register (WebAuthn has no limit; a list this long is a mistake or abuse). */
export const MAX_PASSKEYS = 20;

export interface PasskeyDeps {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  relyingParty: () => RelyingParty;
  /**
   * Fresh proof before a passkey is added or removed (issue 17): the step-up feature's StepUpGate,
   * typed here by its shape, as step-up itself depends on passkeys' port (no folder cycle).
   */
  stepUp: { demand(principal: Principal): Promise<void> };
  organizationName: () => Promise<string>;
  defaultLocale: () => Promise<Locale>;
  mailQueued: () => void;
}

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
}

const view = (p: StoredPasskey): PasskeyView => ({
  id: p.id,
  name: p.name,
  createdAt: p.createdAt.toISOString(),
  lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
  backedUp: p.backedUp,
});

/** What a registration challenge is bound to: the user registering (one ceremony per user at a time is not needed). */
const registrationBinding = (userId: string) => `register:${userId}`;

/**
 * Passkeys under My account > Security info (issue 17): WebAuthn registration with
 * @simplewebauthn/server, discoverable credentials with user verification required, listed,
 * renamed never, removed with step-up; every change audited and mailed like other security info.
 * The same service is the {@link PasskeyAssertions} sign-in, step-up and the reset portal use.
 */
export function createPasskeyService(deps: PasskeyDeps) {
  const { repos, transact, clock } = deps;
  const challenges = createChallenges(() => repos.passkeys);
  const assertions = createPasskeyAssertions({ repos, challenges, relyingParty: deps.relyingParty });

  async function currentUser(principal: Principal): Promise<User> {
    const user = await repos.users.findById(principal.user.id);
    if (!user) throw new AppError('auth.unauthenticated');
    return user;
  }

  /** Audit, "security info confirmed now" and the notice mail, in the caller's transaction (as security info's other changes). */
  async function recordChange(tx: Repos, user: User, change: 'added' | 'removed', passkey: StoredPasskey, ctx: RequestContext, locale: Locale) {
    const now = clock.now();
    await tx.securityInfo.markConfirmed(user.id, now);
    await tx.audit.append(
      {
        action: `security_info.method_${change}`,
        outcome: 'success',
        ...parties(user, user),
        ...ctx,
        details: { method: 'passkey', passkeyId: passkey.id, name: passkey.name, aaguid: passkey.aaguid },
      },
      now,
    );
    await queueUserMail(
      tx,
      user,
      'security-info-changed',
      { change, method: 'passkey', occurredAt: iso(now), ipAddress: ctx.ipAddress, userAgent: ctx.userAgent },
      { at: now, defaultLocale: locale, addresses: await securityNoticeAddresses(tx, user, []) },
    );
  }

  return {
    assertions: assertions satisfies PasskeyAssertions,

    async list(principal: Principal): Promise<{ passkeys: PasskeyView[] }> {
      const user = await currentUser(principal);
      return { passkeys: (await repos.passkeys.list(user.id)).map(view) };
    },

    /**
     * Options for `navigator.credentials.create()`: a discoverable credential (a passkey, usable
     * without a user name) with user verification required, none of the user's passkeys again.
     * @throws AppError auth.step_up_required, passkeys.limit_reached
     */
    async registrationOptions(principal: Principal) {
      await deps.stepUp.demand(principal);
      const user = await currentUser(principal);
      const existing = await repos.passkeys.list(user.id);
      if (existing.length >= MAX_PASSKEYS) throw new AppError('passkeys.limit_reached', { params: { max: MAX_PASSKEYS } });
      const rp = deps.relyingParty();
      const challenge = await challenges.issue('registration', registrationBinding(user.id), clock.now());
      return generateRegistrationOptions({
        rpName: await deps.organizationName(),
        rpID: rp.id,
        userName: user.userPrincipalName,
        userDisplayName: user.displayName,
        // The user handle is the account id, never a name or address (WebAuthn §14.6.1).
        userID: new TextEncoder().encode(user.id),
        challenge,
        timeout: CHALLENGE_SECONDS * 1000,
        attestationType: 'none',
        excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransportFuture[] })),
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      });
    },

    /**
     * Verifies the browser's answer to the options and stores the passkey under `name`.
     * @throws AppError auth.step_up_required, passkeys.registration_failed, passkeys.already_registered, passkeys.limit_reached
     */
    async register(principal: Principal, input: { name: string; response: RegistrationResponseJSON }, ctx: RequestContext): Promise<{ passkey: PasskeyView }> {
      await deps.stepUp.demand(principal);
      const user = await currentUser(principal);
      const now = clock.now();
      const challenge = await challenges.redeem('registration', registrationBinding(user.id), input.response.response.clientDataJSON, now);
      if (!challenge) throw new AppError('passkeys.registration_failed');
      const rp = deps.relyingParty();
      let result: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
      try {
        result = await verifyRegistrationResponse({
          response: input.response,
          expectedChallenge: challenge,
          expectedOrigin: rp.origins,
          expectedRPID: rp.id,
          requireUserVerification: true,
        });
      } catch {
        throw new AppError('passkeys.registration_failed');
      }
      if (!result.verified) throw new AppError('passkeys.registration_failed');
      const { credential, aaguid, credentialBackedUp } = result.registrationInfo;
      const passkey: StoredPasskey = {
        id: newId(),
        credentialId: credential.id,
        userId: user.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: credential.transports ?? [],
        aaguid,
        name: input.name.trim(),
        backedUp: credentialBackedUp,
        createdAt: now,
        lastUsedAt: null,
      };
      const locale = await deps.defaultLocale();
      await transact(async (tx) => {
        if ((await tx.passkeys.count(user.id)) >= MAX_PASSKEYS) throw new AppError('passkeys.limit_reached', { params: { max: MAX_PASSKEYS } });
        if (!(await tx.passkeys.add(passkey, now))) throw new AppError('passkeys.already_registered');
        await recordChange(tx, user, 'added', passkey, ctx, locale);
      });
      deps.mailQueued();
      return { passkey: view(passkey) };
    },

    /** @throws AppError auth.step_up_required, passkeys.not_found */
    async remove(principal: Principal, id: string, ctx: RequestContext): Promise<void> {
      await deps.stepUp.demand(principal);
      const user = await currentUser(principal);
      const locale = await deps.defaultLocale();
      await transact(async (tx) => {
        const removed = await tx.passkeys.remove(user.id, id);
        if (!removed) throw new AppError('passkeys.not_found');
        await recordChange(tx, user, 'removed', removed, ctx, locale);
      });
      deps.mailQueued();
    },
  };
}

export type PasskeyService = ReturnType<typeof createPasskeyService>;
