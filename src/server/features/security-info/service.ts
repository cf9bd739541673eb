import QRCode from 'qrcode';
import { parties } from '../audit/store.js';
import type { Clock } from '../../core/clock.js';
import { newId, randomToken, sha256 } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import type { Principal, RequestContext } from '../../core/identity.js';
import type { PasswordHasher } from '../passwords/hasher.js';
import type { RateLimiter } from '../rate-limit/service.js';
import { assess, loadProfile, registrationPrompt } from '../recovery/eligibility.js';
import { questionCatalog } from '../recovery/questions.js';
import type { SsprSettings } from '../recovery/settings.js';
import type { User } from '../../core/identity.js';
import { parsePhone } from '../users/validation.js';
import { createVerifiers, deliveryChannel } from '../verification/verifiers.js';
import { totpUri } from '../verification/methods.js';
import type { CodeMethod, MethodKind } from '../../../shared/methods.js';
import { answerIssues } from './answers.js';
import { recordChange } from './changes.js';

/** Wrong codes per verification before it is void (checklist R9). */
const MAX_CODE_ATTEMPTS = 5;
/** Registration codes per user in ten minutes (mail and SMS cost; checklist R11). */
const SEND_LIMIT = { limit: 10, windowSeconds: 600 };

export interface SecurityInfoDeps {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  hasher: PasswordHasher;
  /** Fresh proof before adding or removing security info (issue 17 step-up; checklist SE5). */
  stepUp: { demand: (principal: Principal) => Promise<void> };
  rateLimiter: RateLimiter;
  secret: string;
  settings: () => Promise<SsprSettings>;
  organizationName: () => Promise<string>;
  defaultLocale: () => Promise<Locale>;
  mailQueued: () => void;
}

/** My account > Security info (reference §7.4-7.6): register, verify, remove and confirm methods. */
export function createSecurityInfoService(deps: SecurityInfoDeps) {
  const { repos, transact, clock } = deps;
  const verifiers = createVerifiers({ secret: deps.secret, hasher: deps.hasher });
  /** What a registration code is bound to: its verification (R8). */
  const binding = (verificationId: string) => `verification:${verificationId}`;

  async function currentUser(principal: Principal): Promise<User> {
    const user = await repos.users.findById(principal.user.id);
    if (!user) throw new AppError('auth.unauthenticated');
    return user;
  }

  /**
   * Adding or removing security info needs fresh proof (checklist SE5; issue 17 step-up): the
   * session's password proof, and its MFA proof when the account has MFA, inside the step-up
   * window. The proof itself goes through POST /auth/step-up, through the sign-in gate (C3, L7).
   * @throws AppError auth.step_up_required
   */
  async function freshProof(principal: Principal): Promise<void> {
    await deps.stepUp.demand(principal);
  }

  async function assertAvailable(user: User, kind: MethodKind): Promise<void> {
    const settings = await deps.settings();
    const { profile } = await loadProfile(repos.recovery, user.id, settings.groupId);
    const assessment = assess(user, profile, settings);
    if (!assessment.available.includes(kind)) throw new AppError('security_info.method_not_available');
  }

  async function view(user: User) {
    const settings = await deps.settings();
    const { profile } = await loadProfile(repos.recovery, user.id, settings.groupId);
    const assessment = assess(user, profile, settings);
    return {
      methods: profile.methods.map((m) => ({
        id: m.id,
        kind: m.kind,
        value: m.kind === 'authenticatorApp' ? null : m.value,
        createdAt: m.createdAt.toISOString(),
      })),
      securityQuestions: { registered: profile.questionIds.length, questionIds: profile.questionIds },
      policy: {
        enabled: assessment.applies,
        methodsRequired: assessment.methodsRequired,
        available: assessment.available,
        questionsToRegister: settings.questionsToRegister,
        admin: assessment.admin,
      },
      registered: assessment.registered,
      confirmedAt: profile.confirmedAt?.toISOString() ?? null,
      prompt: registrationPrompt(assessment, profile, settings, clock.now()),
    };
  }

  return {
    async get(principal: Principal) {
      return view(await currentUser(principal));
    },

    /**
     * Sends an 8-digit code to a new email address or phone, to prove the user controls it.
     * @throws AppError auth.step_up_required, security_info.method_not_available, request.rate_limited
     */
    async startCode(principal: Principal, kind: CodeMethod, rawValue: string): Promise<{ verificationId: string; expiresAt: string }> {
      const value = kind === 'email' ? rawValue.trim() : parsePhone(rawValue);
      if (!value) throw new AppError('request.validation_failed', { issues: [{ path: 'phone', code: 'field.invalid_phone' }] });
      const user = await currentUser(principal);
      await freshProof(principal);
      await assertAvailable(user, kind);
      await deps.rateLimiter.consume('security-info-code', user.id, SEND_LIMIT);
      const now = clock.now();
      const id = newId();
      const issued = verifiers.code.challenge({ binding: binding(id), now });
      const locale = user.preferredLanguage === 'nl' || user.preferredLanguage === 'en' ? user.preferredLanguage : await deps.defaultLocale();
      await transact(async (tx) => {
        await tx.securityInfo.dropVerifications(user.id, kind);
        await tx.securityInfo.createVerification({ id, userId: user.id, kind, value, codeHash: issued.codeHash, createdAt: now, expiresAt: issued.expiresAt });
        await tx.outbox.enqueue(
          {
            channel: deliveryChannel(kind),
            recipient: value,
            template: 'method-verification-code',
            locale,
            payload: {
              sealedCode: issued.sealedCode,
              expiresInMinutes: issued.expiresInMinutes,
              userPrincipalName: user.userPrincipalName,
              displayName: user.displayName,
            },
            userId: user.id,
          },
          now,
        );
      });
      deps.mailQueued();
      return { verificationId: id, expiresAt: issued.expiresAt.toISOString() };
    },

    /** Starts registering an authenticator app: a new secret, shown once as QR code and text. */
    async startAuthenticator(principal: Principal) {
      const user = await currentUser(principal);
      await freshProof(principal);
      await assertAvailable(user, 'authenticatorApp');
      const now = clock.now();
      const id = newId();
      const { secret, sealed } = verifiers.totp.challenge();
      const expiresAt = new Date(now.getTime() + 10 * 60_000);
      await transact(async (tx) => {
        await tx.securityInfo.dropVerifications(user.id, 'authenticatorApp');
        await tx.securityInfo.createVerification({ id, userId: user.id, kind: 'authenticatorApp', value: sealed, codeHash: null, createdAt: now, expiresAt });
      });
      const otpauthUri = totpUri(secret, await deps.organizationName(), user.userPrincipalName);
      const qrCodeSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return { verificationId: id, secret, otpauthUri, qrCodeSvg, expiresAt: expiresAt.toISOString() };
    },

    /**
     * Completes a registration with the code received (or shown by the app). Single use; five
     * wrong codes void the verification. A right authenticator-app code proves the new second
     * factor in this session: its MFA proof is stamped and its token rotated (issue 17, SE1), so
     * the next sensitive action does not ask for the app just registered; `token` is the new one.
     * @throws AppError security_info.verification_expired, security_info.code_invalid
     */
    async confirm(principal: Principal, verificationId: string, rawCode: string, ctx: RequestContext) {
      const user = await currentUser(principal);
      const now = clock.now();
      const pending = await repos.securityInfo.findVerification(verificationId);
      if (!pending || pending.userId !== user.id || pending.usedAt || pending.expiresAt <= now || pending.attempts >= MAX_CODE_ATTEMPTS)
        throw new AppError('security_info.verification_expired');
      // The try is counted before the code is compared: concurrent guesses share the five (R9, R6).
      const attempt = await repos.securityInfo.claimAttempt(pending.id, MAX_CODE_ATTEMPTS);
      if (attempt === null) throw new AppError('security_info.verification_expired');
      const totpStep = pending.kind === 'authenticatorApp' ? await verifiers.totp.check(pending.value, { code: rawCode, now }) : null;
      const accepted =
        pending.kind === 'authenticatorApp'
          ? totpStep !== null
          : !!(await verifiers.code.check(pending.codeHash ?? undefined, { binding: binding(pending.id), code: rawCode }));
      if (!accepted) throw new AppError(attempt >= MAX_CODE_ATTEMPTS ? 'security_info.verification_expired' : 'security_info.code_invalid');
      const methodId = newId();
      const defaultLocale = await deps.defaultLocale();
      const previous = (await repos.securityInfo.methods(user.id)).find((m) => m.kind === pending.kind);
      const token = totpStep !== null ? randomToken() : null;
      await transact(async (tx) => {
        if (token) await tx.sessions.recordProof(principal.session.id, { at: now, password: false, mfa: true, tokenHash: sha256(token) });
        if (!(await tx.securityInfo.consumeVerification(pending.id, now))) throw new AppError('security_info.verification_expired');
        await tx.securityInfo.putMethod({ id: methodId, userId: user.id, kind: pending.kind, value: pending.value }, now);
        // The code that registered an app is used: it can't be replayed at the portal (checklist R23).
        if (totpStep !== null) await tx.securityInfo.advanceTotpStep(methodId, totpStep);
        const oldEmail = previous?.kind === 'email' ? [previous.value] : [];
        const newEmail = pending.kind === 'email' ? [pending.value] : [];
        await recordChange(tx, clock, user, previous ? 'replaced' : 'added', pending.kind, ctx, [...oldEmail, ...newEmail], defaultLocale);
      });
      deps.mailQueued();
      return {
        method: { id: methodId, kind: pending.kind, value: pending.kind === 'authenticatorApp' ? null : pending.value, createdAt: now.toISOString() },
        session: token ? { token, expiresAt: principal.session.expiresAt } : null,
      };
    },

    async questions(principal: Principal, locale: Locale) {
      const user = await currentUser(principal);
      const settings = await deps.settings();
      const registered = await repos.securityInfo.answers(user.id);
      return { questions: questionCatalog(settings, locale), required: settings.questionsToRegister, registeredIds: registered.map((a) => a.questionId) };
    },

    /**
     * Registers security questions: at least the required number, no question or answer twice,
     * answers 3-40 characters and not the user's own name; stored as argon2id hashes of the
     * normalised answer (checklist R25d, R25f, S9).
     * @throws AppError auth.step_up_required, security_info.method_not_available, security_info.answers_invalid
     */
    async setQuestions(
      principal: Principal,
      input: { answers: { questionId: string; answer: string }[] },
      ctx: RequestContext,
    ): Promise<{ registered: number }> {
      const user = await currentUser(principal);
      await freshProof(principal);
      await assertAvailable(user, 'securityQuestions');
      const settings = await deps.settings();
      const issues = answerIssues(input.answers, settings, user);
      if (issues.length) throw new AppError('security_info.answers_invalid', { issues });
      const hashed: { questionId: string; answerHash: string }[] = [];
      for (const a of input.answers) hashed.push({ questionId: a.questionId, answerHash: await verifiers.answers.enrol(a.answer) });
      const had = (await repos.securityInfo.answers(user.id)).length > 0;
      const defaultLocale = await deps.defaultLocale();
      await transact(async (tx) => {
        await tx.securityInfo.replaceAnswers(user.id, hashed, clock.now());
        await recordChange(tx, clock, user, had ? 'replaced' : 'added', 'securityQuestions', ctx, [], defaultLocale);
      });
      deps.mailQueued();
      return { registered: hashed.length };
    },

    /** @throws AppError auth.step_up_required, security_info.method_not_found */
    async remove(principal: Principal, id: string, ctx: RequestContext): Promise<void> {
      const user = await currentUser(principal);
      await freshProof(principal);
      const defaultLocale = await deps.defaultLocale();
      await transact(async (tx) => {
        if (id === 'security-questions') {
          if (!(await tx.securityInfo.removeAnswers(user.id))) throw new AppError('security_info.method_not_found');
          await recordChange(tx, clock, user, 'removed', 'securityQuestions', ctx, [], defaultLocale);
          return;
        }
        const removed = await tx.securityInfo.removeMethod(user.id, id);
        if (!removed) throw new AppError('security_info.method_not_found');
        await recordChange(tx, clock, user, 'removed', removed.kind, ctx, removed.kind === 'email' ? [removed.value] : [], defaultLocale);
      });
      deps.mailQueued();
    },

    /** The reconfirm interrupt's "Looks good" (reference §7.6). */
    async confirmCurrent(principal: Principal, ctx: RequestContext): Promise<void> {
      const user = await currentUser(principal);
      const now = clock.now();
      await transact(async (tx) => {
        await tx.securityInfo.markConfirmed(user.id, now);
        await tx.audit.append(
          {
            action: 'security_info.confirmed',
            outcome: 'success',
            ...parties(user, user),
            ...ctx,
          },
          now,
        );
      });
    },
  };
}

export type SecurityInfoService = ReturnType<typeof createSecurityInfoService>;
