import { iso, type Clock } from '../../core/clock.js';
import { hmac, newId, randomToken, seal, sha256, unseal } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { DbHandle } from '../../db/kysely.js';
import type { Repos, Transact } from '../../db/repos.js';
import { isLocale, type Locale } from '../../i18n/index.js';
import { type RequestContext } from '../../core/identity.js';
import { queueUserMail } from '../notifications/notifier.js';
import type { PasswordHasher } from '../passwords/hasher.js';
import type { PasswordPolicy } from '../policy/engine.js';
import type { RateLimiter } from '../rate-limit/service.js';
import { codeHash, codeMatches } from '../security-info/codes.js';
import { CODE_LIFETIME_SECONDS, generateCode, maskEmail, maskPhone, matchTotp, newTotpSecret, normaliseAnswer, normaliseCode } from '../security-info/methods.js';
import { isCodeMethod, methodKinds, type MethodKind } from '../../../shared/methods.js';
import { securityNoticeAddresses } from '../security-info/notices.js';
import { TOTP_SEAL } from '../security-info/service.js';
import { identifierKey } from '../users/model.js';
import { type User } from '../../core/identity.js';
import { adminsWithRoles, helpdeskRecipients } from './admins.js';
import type { Captcha } from './captcha.js';
import { decoyMethods, decoyQuestions, drawRandom } from './decoy.js';
import { assess, loadProfile } from './eligibility.js';
import { questionCatalogue } from './questions.js';
import { helpdeskOf, type SsprSettings } from './settings.js';
import { createRecoveryThrottle } from './throttle.js';
import type { OfferedMethod, RecoveryFlow } from './store.js';

/** A reset lives 15 minutes from its start (reference §7.11). */
const FLOW_SECONDS = 15 * 60;
/** Wrong proofs in one flow before it ends (checklist R9). */
const FLOW_FAILURES = 5;

export interface RecoveryDeps {
  db: DbHandle;
  repos: Repos;
  transact: Transact;
  clock: Clock;
  hasher: PasswordHasher;
  policy: PasswordPolicy;
  captcha: Captcha;
  rateLimiter: RateLimiter;
  secret: string;
  limits: { flowsPerIp: number; sendsPerIp: number; verifiesPerIp: number };
  settings: () => Promise<SsprSettings>;
  defaultLocale: () => Promise<Locale>;
  mailQueued: () => void;
}

export type VerifyInput = { method: MethodKind; code?: string | undefined; answers?: { questionId: string; answer: string }[] | undefined };

/**
 * The reset portal (reference §7.3; checklist R): a persisted state machine per attempt,
 * `verify` (prove N methods) -> `password` -> `completed`, or `failed`. Until a code would be
 * delivered, every name gets the same answer for the same work: an account that can't reset
 * runs the same statements, hashes and outbox writes as one that can (R1, R2).
 */
export function createRecoveryService(deps: RecoveryDeps) {
  const { repos, transact, clock } = deps;
  const throttle = createRecoveryThrottle({ repos, clock });
  const stampOf = (user: Pick<User, 'passwordHash'> | undefined) => sha256(`stamp:${user?.passwordHash ?? ''}`);
  const codeBinding = (flow: RecoveryFlow, method: MethodKind) => `flow:${flow.id}:${method}`;

  async function view(token: string, flow: RecoveryFlow, locale: Locale) {
    const settings = await deps.settings();
    const texts = new Map(questionCatalogue(settings, locale).map((q) => [q.id, q.text]));
    return {
      id: token,
      state: flow.state === 'failed' ? 'verify' : flow.state,
      expiresAt: flow.expiresAt.toISOString(),
      methodsRequired: flow.methodsRequired,
      proven: flow.proven,
      methods: flow.offered.map(({ method, destination }) => ({ method, destination })),
      questions: flow.questions.length ? flow.questions.map((id) => ({ id, text: texts.get(id) ?? id })) : null,
      helpdesk: helpdeskView(settings),
    };
  }

  /** A flow by its bearer token (43 base64url characters; anything else can't be one). */
  const findByToken = async (token: string) => (token.length >= 32 && token.length <= 64 ? repos.recovery.findFlow(sha256(token)) : undefined);

  /** Loads an open flow by its bearer token; ends it when it has timed out or the password changed since it began. */
  async function openFlow(token: string, state: RecoveryFlow['state']): Promise<{ flow: RecoveryFlow; user: User | undefined }> {
    const flow = await findByToken(token);
    if (!flow) throw new AppError('recovery.flow_not_found');
    const now = clock.now();
    if (flow.state === 'completed') throw new AppError('recovery.step_not_allowed');
    if (flow.state === 'failed' || flow.expiresAt <= now) {
      if (flow.state !== 'failed') await repos.recovery.updateFlow(flow.id, flow.version, { state: 'failed', outcome: 'expired', finishedAt: now });
      throw new AppError('recovery.flow_expired');
    }
    // Looked up for every flow (an id matching nobody for an unknown name): the same statements on every path.
    const user = await repos.users.findById(flow.userId ?? '');
    // A password changed by any path makes the flow stale (checklist R8c).
    if (flow.userId && stampOf(user) !== flow.passwordStamp) {
      await repos.recovery.updateFlow(flow.id, flow.version, { state: 'failed', outcome: 'superseded', finishedAt: now });
      throw new AppError('recovery.flow_expired');
    }
    if (flow.state !== state) throw new AppError('recovery.step_not_allowed');
    return { flow, user };
  }

  function offeredMethod(flow: RecoveryFlow, method: MethodKind): OfferedMethod {
    const offered = flow.offered.find((m) => m.method === method);
    if (!offered) throw new AppError('recovery.method_not_offered');
    if (flow.proven.includes(method)) throw new AppError('recovery.step_not_allowed');
    // Security questions are never the only proof, nor the first (checklist R25a).
    if (method === 'securityQuestions' && flow.proven.length === 0) throw new AppError('recovery.questions_need_other_method');
    return offered;
  }

  /** Can this flow end in a reset right now? (The account may have been disabled since it began: R8e.) */
  const canSucceed = (flow: RecoveryFlow, user: User | undefined) => flow.eligibility === 'eligible' && !!user?.accountEnabled;

  return {
    captchaChallenge: () => deps.captcha.challenge(),

    /**
     * Step 1: a name and a solved CAPTCHA. Answers 201 with the methods to prove for every name.
     * @throws AppError recovery.captcha_invalid, recovery.locked, request.rate_limited
     */
    async start(input: { username: string; captcha: string }, ctx: RequestContext, locale: Locale) {
      const captchaKey = deps.captcha.verify(input.captcha);
      if (!captchaKey) throw new AppError('recovery.captcha_invalid');
      await deps.rateLimiter.consume('recovery-start', ctx.ipAddress ?? 'unknown', { limit: deps.limits.flowsPerIp, windowSeconds: 600 });
      const now = clock.now();
      const settings = await deps.settings();
      const nameKey = identifierKey(input.username.trim());
      const found = await repos.users.findBySignInName(input.username.trim());
      const subject = found ? found.id : `name:${hmac(deps.secret, `recovery-subject:${nameKey}`)}`;
      // The profile read also says whether the subject is locked: one statement fewer on the hot path.
      const profile = await loadProfile(deps.db.db, found?.id ?? '', settings.groupId, { subject, now });
      if (profile.lockedUntil) throw new AppError('recovery.locked');
      const assessment = assess(found, profile, settings);
      const real = found && assessment.usable.some((k) => k !== 'securityQuestions');
      const offered: OfferedMethod[] = real
        ? methodKinds
            .filter((k) => assessment.usable.includes(k))
            .map((kind) => {
              const stored = profile.methods.find((m) => m.kind === kind);
              const destination = !stored || kind === 'authenticatorApp' ? null : kind === 'email' ? maskEmail(stored.value) : maskPhone(stored.value);
              return { method: kind, destination, methodId: stored?.id ?? null };
            })
        : decoyMethods(deps.secret, nameKey, assessment.available, assessment.methodsRequired);
      const token = randomToken(32);
      const flow: RecoveryFlow = {
        id: sha256(token),
        subject,
        userId: found?.id ?? null,
        userPrincipalName: found?.userPrincipalName ?? null,
        eligibility: assessment.eligibility,
        state: 'verify',
        passwordStamp: stampOf(found),
        methodsRequired: assessment.methodsRequired,
        offered,
        proven: [],
        questions: [],
        failures: 0,
        version: 0,
        locale,
        createdAt: now,
        expiresAt: new Date(now.getTime() + FLOW_SECONDS * 1000),
        finishedAt: null,
        outcome: null,
      };
      // The unique CAPTCHA key makes each solution single-use.
      if (!(await repos.recovery.createFlow({ ...flow, captchaKey, ipAddress: ctx.ipAddress, userAgent: ctx.userAgent }))) throw new AppError('recovery.captcha_invalid');
      return view(token, flow, locale);
    },

    async get(token: string, locale: Locale) {
      const flow = await findByToken(token);
      if (!flow) throw new AppError('recovery.flow_not_found');
      if (flow.state !== 'completed' && (flow.state === 'failed' || flow.expiresAt <= clock.now())) throw new AppError('recovery.flow_expired');
      return view(token, flow, locale);
    },

    /**
     * Sends a code to a method's address on record (never one the client names: checklist R14),
     * or draws the security questions. A code goes out only where the flow can succeed; else a
     * decoy is written in its place (or, once a day, a "you can't reset" notice to the account).
     * @throws AppError recovery.flow_not_found, recovery.flow_expired, recovery.step_not_allowed,
     *   recovery.method_not_offered, recovery.questions_need_other_method, recovery.locked, request.rate_limited
     */
    async send(token: string, method: MethodKind, ctx: RequestContext, locale: Locale) {
      const { flow, user } = await openFlow(token, 'verify');
      const offered = offeredMethod(flow, method);
      const now = clock.now();
      if (method === 'securityQuestions') {
        const settings = await deps.settings();
        // The same statement for every flow; only a flow that can succeed draws from real answers.
        const answers = await repos.securityInfo.answers(flow.userId ?? '');
        const registered = canSucceed(flow, user) ? answers.map((a) => a.questionId) : [];
        const current = new Set(questionCatalogue(settings, 'en').map((q) => q.id));
        const questions = registered.length ? drawRandom(registered.filter((id) => current.has(id)), settings.questionsToReset) : decoyQuestions(settings.questionsToReset);
        if (!(await repos.recovery.updateFlow(flow.id, flow.version, { questions }))) throw new AppError('recovery.step_not_allowed');
        return view(token, { ...flow, questions }, locale);
      }
      if (!isCodeMethod(method)) return view(token, flow, locale); // the authenticator app needs nothing sent
      await throttle.assertNotLocked(flow.subject);
      await deps.rateLimiter.consume('recovery-send', ctx.ipAddress ?? 'unknown', { limit: deps.limits.sendsPerIp, windowSeconds: 3600 });
      const code = generateCode();
      const deliver = canSucceed(flow, user);
      // Every statement runs on every path; only the branch taken on the results differs.
      const methods = await repos.securityInfo.methods(flow.userId ?? '');
      await throttle.countSend(flow.subject);
      const firstToday = await throttle.firstSendToday(flow.subject);
      const destination = deliver ? methods.find((m) => m.id === offered.methodId)?.value : undefined;
      const notice = !deliver && !!user?.accountEnabled && firstToday;
      const userLocale = isLocale(user?.preferredLanguage) ? user.preferredLanguage : locale;
      const defaultLocale = await deps.defaultLocale();
      await transact(async (tx) => {
        await tx.recovery.voidCodes(flow.id, method, now);
        await tx.recovery.addCode({ id: newId(), flowId: flow.id, method, codeHash: codeHash(deps.secret, codeBinding(flow, method), code), createdAt: now, expiresAt: new Date(now.getTime() + CODE_LIFETIME_SECONDS * 1000) });
        if (notice && user) {
          await queueUserMail(tx, user, 'recovery-not-possible', { occurredAt: iso(now), ipAddress: ctx.ipAddress, userAgent: ctx.userAgent }, { at: now, defaultLocale, addresses: [user.mail ?? user.userPrincipalName] });
          return;
        }
        await tx.outbox.enqueue(
          {
            decoy: !destination,
            channel: method === 'email' ? 'email' : method === 'mobilePhone' ? 'sms' : 'voice',
            recipient: destination ?? '',
            template: 'recovery-code',
            locale: userLocale,
            payload: { sealedCode: seal(deps.secret, 'mail-payload', code), expiresInMinutes: CODE_LIFETIME_SECONDS / 60, userPrincipalName: user?.userPrincipalName ?? '', displayName: user?.displayName ?? '' },
            userId: flow.userId,
          },
          now,
        );
      });
      deps.mailQueued();
      return view(token, flow, locale);
    },

    /**
     * Checks one proof. A wrong one counts against the flow (5 end it) and the account (5 in 24
     * hours lock self-service reset for 24 hours); a wrong security answer starts the questions over.
     * @throws AppError recovery.code_invalid, recovery.answers_invalid, recovery.locked and the flow errors
     */
    async verify(token: string, input: VerifyInput, ctx: RequestContext, locale: Locale) {
      const { flow, user } = await openFlow(token, 'verify');
      const offered = offeredMethod(flow, input.method);
      await throttle.assertNotLocked(flow.subject);
      await deps.rateLimiter.consume('recovery-verify', ctx.ipAddress ?? 'unknown', { limit: deps.limits.verifiesPerIp, windowSeconds: 600 });
      await throttle.countValidation(flow.subject);
      const now = clock.now();
      const real = canSucceed(flow, user);
      let consume: ((tx: Repos) => Promise<boolean>) | null = null;
      if (isCodeMethod(input.method)) {
        const current = await repos.recovery.currentCode(flow.id, input.method, now);
        if (codeMatches(deps.secret, codeBinding(flow, input.method), normaliseCode(input.code ?? ''), current?.codeHash) && real && current) {
          consume = (tx) => tx.recovery.consumeCode(current.id, now);
        }
      } else if (input.method === 'authenticatorApp') {
        const methods = await repos.securityInfo.methods(flow.userId ?? '');
        const stored = real ? methods.find((m) => m.id === offered.methodId) : undefined;
        // Without a secret, check against a random one: the same work, and it never matches.
        const step = matchTotp(stored ? unseal(deps.secret, TOTP_SEAL, stored.value) : newTotpSecret(), normaliseCode(input.code ?? ''), now);
        if (step !== null && stored) consume = (tx) => tx.securityInfo.advanceTotpStep(stored.id, step);
      } else {
        if (!flow.questions.length) throw new AppError('recovery.step_not_allowed');
        const answers = await repos.securityInfo.answers(flow.userId ?? '');
        const stored = new Map(real ? answers.map((a) => [a.questionId, a.answerHash]) : []);
        const given = new Map((input.answers ?? []).map((a) => [a.questionId, a.answer]));
        let all = true;
        // Every answer is checked (no early exit), each an argon2id verification.
        for (const questionId of flow.questions) {
          const result = await deps.hasher.verify(stored.get(questionId) ?? null, normaliseAnswer(given.get(questionId) ?? ''));
          if (!result.ok) all = false;
        }
        if (all && real) consume = async () => true;
      }
      const proven = [...flow.proven, input.method];
      const done = proven.length >= flow.methodsRequired;
      const accepted =
        consume &&
        (await transact(async (tx) => {
          if (!(await consume(tx))) return false;
          if (!(await tx.recovery.updateFlow(flow.id, flow.version, { proven, questions: [], ...(done ? { state: 'password' as const } : {}) }))) throw new AppError('recovery.step_not_allowed');
          await tx.audit.append({ action: 'recovery.method_verified', outcome: 'success', actorId: flow.userId, actorName: flow.userPrincipalName, targetId: flow.userId, targetName: flow.userPrincipalName, ...ctx, details: { method: input.method } }, now);
          return true;
        }));
      if (!accepted) {
        const failures = await repos.recovery.addFailure(flow.id);
        await throttle.countFailure(flow.subject);
        if (input.method === 'securityQuestions' || failures >= FLOW_FAILURES) {
          const fresh = await repos.recovery.findFlow(flow.id);
          // Only while still proving: a concurrent correct proof may have moved it on meanwhile.
          if (fresh?.state === 'verify') await repos.recovery.updateFlow(fresh.id, fresh.version, failures >= FLOW_FAILURES ? { state: 'failed', outcome: 'wrong_proof', finishedAt: now, questions: [] } : { questions: [] });
        }
        await repos.audit.append({ action: 'recovery.method_verified', outcome: 'failure', actorId: flow.userId, actorName: flow.userPrincipalName, targetId: flow.userId, targetName: flow.userPrincipalName, ...ctx, details: { method: input.method } }, now);
        throw new AppError(input.method === 'securityQuestions' ? 'recovery.answers_invalid' : 'recovery.code_invalid');
      }
      return view(token, { ...flow, proven, questions: [], state: done ? 'password' : 'verify' }, locale);
    },

    /**
     * Step 3: the new password, through the policy (purpose `reset`). In one transaction: the
     * flow completes (exactly once), the password changes, every session ends, smart lockout and
     * the SSPR counters clear, other open flows end, audit and notices (checklist R20, N2).
     * No automatic sign-in.
     * @throws AppError password.rejected and the flow errors
     */
    async setPassword(token: string, newPassword: string, ctx: RequestContext, locale: Locale) {
      const { flow, user } = await openFlow(token, 'password');
      if (!canSucceed(flow, user) || !user) throw new AppError('recovery.step_not_allowed');
      const password = await deps.policy.enforce(newPassword, user, 'reset');
      const hash = await deps.hasher.hash(password);
      const keep = await deps.policy.historyToKeep();
      const settings = await deps.settings();
      const defaultLocale = await deps.defaultLocale();
      const profile = await loadProfile(deps.db.db, user.id, settings.groupId);
      const globalAdmins = profile.admin && settings.notifyAdmins ? (await adminsWithRoles(deps.db.db, ['global-administrator'], 100)).filter((a) => a.id !== user.id) : [];
      const now = clock.now();
      await transact(async (tx) => {
        if (!(await tx.recovery.updateFlow(flow.id, flow.version, { state: 'completed', outcome: 'completed', finishedAt: now }))) throw new AppError('recovery.step_not_allowed');
        if (!(await tx.users.replacePassword(user.id, user.passwordHash, hash, now, { forceChange: false }))) throw new AppError('recovery.flow_expired');
        if (user.passwordHash) await tx.passwordHistory.push(user.id, user.passwordHash, now, keep);
        await tx.sessions.revokeAllForUser(user.id, now);
        await tx.lockout.clear(user.id);
        await tx.passwordLinks.revokeForUser(user.id, now);
        await throttle.reset(tx, flow.subject);
        await tx.recovery.failOpenFlows(user.id, 'superseded', now);
        await tx.audit.append({ action: 'user.password_reset_self', outcome: 'success', actorId: user.id, actorName: user.userPrincipalName, targetId: user.id, targetName: user.userPrincipalName, ...ctx, details: { methods: flow.proven.join(' ') } }, now);
        const details = { occurredAt: iso(now), ipAddress: ctx.ipAddress, userAgent: ctx.userAgent };
        if (settings.notifyUsers) await queueUserMail(tx, user, 'password-reset-self', details, { at: now, defaultLocale, addresses: await securityNoticeAddresses(tx, user, []) });
        for (const admin of globalAdmins) {
          await tx.outbox.enqueue(
            { channel: 'email', recipient: admin.mail ?? admin.userPrincipalName, template: 'admin-password-reset-self', locale: isLocale(admin.preferredLanguage) ? admin.preferredLanguage : defaultLocale, payload: { ...details, adminPrincipalName: user.userPrincipalName, displayName: admin.displayName, userPrincipalName: admin.userPrincipalName }, userId: admin.id },
            now,
          );
        }
      });
      deps.mailQueued();
      return view(token, { ...flow, state: 'completed' }, locale);
    },

    /**
     * *Contact your administrator* (reference §7.9): mail to the custom helpdesk address, or to
     * the helpdesk and password administrators (at most 100); with a custom URL, nothing is sent.
     * Unknown names write a decoy instead. At most 3 per account per hour.
     */
    async contactAdmin(token: string, ctx: RequestContext) {
      const flow = await findByToken(token);
      if (!flow) throw new AppError('recovery.flow_not_found');
      const settings = await deps.settings();
      const helpdesk = helpdeskOf(settings);
      if (helpdesk.kind === 'url') return { helpdesk: helpdeskView(settings) };
      await deps.rateLimiter.consume('recovery-contact', ctx.ipAddress ?? 'unknown', { limit: deps.limits.sendsPerIp, windowSeconds: 3600 });
      const now = clock.now();
      if (!(await throttle.contactAllowed(flow.subject))) return { helpdesk: helpdeskView(settings) };
      const user = flow.userId ? await repos.users.findById(flow.userId) : undefined;
      const recipients = helpdesk.kind === 'email' ? [{ id: null, address: helpdesk.address, name: '', locale: null as string | null }] : (await helpdeskRecipients(deps.db.db)).map((a) => ({ id: a.id, address: a.mail ?? a.userPrincipalName, name: a.displayName, locale: a.preferredLanguage }));
      const defaultLocale = await deps.defaultLocale();
      await transact(async (tx) => {
        for (const r of user ? recipients : recipients.slice(0, 1)) {
          await tx.outbox.enqueue(
            { decoy: !user, channel: 'email', recipient: user ? r.address : '', template: 'contact-admin-request', locale: isLocale(r.locale) ? r.locale : defaultLocale, payload: { requesterPrincipalName: user?.userPrincipalName ?? '', occurredAt: iso(now), ipAddress: ctx.ipAddress, userAgent: ctx.userAgent, displayName: r.name, userPrincipalName: r.address }, userId: r.id },
            now,
          );
        }
        await tx.audit.append({ action: 'recovery.contact_admin', outcome: 'success', actorId: flow.userId, actorName: flow.userPrincipalName, targetId: flow.userId, targetName: flow.userPrincipalName, ...ctx }, now);
      });
      deps.mailQueued();
      return { helpdesk: helpdeskView(settings) };
    },

    /** Ends flows left open past their 15 minutes; drops flows and attempts older than the report's 30 days (reference §7.13). */
    async prune(): Promise<number> {
      await repos.recovery.abandonExpired(clock.now());
      await repos.outbox.deleteDecoysBefore(new Date(clock.now().getTime() - 86_400_000));
      return repos.recovery.deleteFlowsBefore(new Date(clock.now().getTime() - 30 * 86_400_000));
    },
  };
}

export type RecoveryService = ReturnType<typeof createRecoveryService>;

function helpdeskView(settings: SsprSettings) {
  const h = helpdeskOf(settings);
  return h.kind === 'email' ? { kind: 'email' as const, address: h.address } : h.kind === 'url' ? { kind: 'url' as const, url: h.url } : { kind: 'default' as const };
}
