import { iso } from '../../core/clock.js';
import { hmac, randomToken, sha256 } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { RequestContext } from '../../core/identity.js';
import type { Locale } from '../../i18n/index.js';
import { methodKinds } from '../../../shared/methods.js';
import { maskEmail, maskPhone } from '../verification/methods.js';
import { identifierKey } from '../users/model.js';
import { isValidEmail, isValidUpn } from '../users/validation.js';
import { flowAudit } from './send.js';
import { decoyMethods } from './decoy.js';
import { assess } from './eligibility.js';
import { initialState } from './flow.js';
import type { Portal, ShownFlow } from './portal.js';
import type { OfferedMethod } from './flow.js';

/** A reset lives 15 minutes from its start (reference §7.11). */
const FLOW_SECONDS = 15 * 60;

/** The portal's first step, and reading where a flow stands. */
export function startSteps(portal: Portal) {
  const { deps, repos, clock } = portal;
  return {
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
      const typed = input.username.trim();
      const nameKey = identifierKey(typed);
      const found = await repos.recovery.accountBySignInName(typed);
      const subject = found ? found.id : `name:${hmac(deps.secret, `recovery-subject:${nameKey}`)}`;
      // One statement reads the profile and whether the subject is locked, for every name ('' matches no user: R2).
      const { profile, lockedUntil } = await repos.recovery.startProfile(found?.id ?? '', settings.groupId, subject, now);
      if (lockedUntil) throw new AppError('recovery.locked');
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
      const flow: ShownFlow = {
        id: sha256(token),
        subject,
        userId: found?.id ?? null,
        userPrincipalName: found?.userPrincipalName ?? null,
        eligibility: assessment.eligibility,
        state: initialState,
        passwordStamp: portal.stampOf(found),
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
      const typedName = isValidUpn(typed) || isValidEmail(typed) ? typed.slice(0, 256) : null;
      const named = { ...flow, userPrincipalName: found?.userPrincipalName ?? typedName };
      // The flow and its audit event in one transaction (issue 16: one commit, not two).
      const created = await portal.transact(async (tx) => {
        // The unique CAPTCHA key makes each solution single-use: a replay inserts nothing and writes nothing else.
        if (!(await tx.recovery.insertFlow(flowRow(flow, captchaKey, ctx)))) return false;
        // AU1: "reset requested", for known and unknown names alike (the same statement on every path, R2).
        await tx.recovery.appendAudit(flowAudit(named, ctx, 'recovery.requested', 'success', { known: !!found, eligibility: flow.eligibility }), now);
        return true;
      });
      if (!created) throw new AppError('recovery.captcha_invalid');
      return portal.view(token, flow, locale);
    },

    /** Where a flow stands (to resume after a reload). @throws AppError recovery.flow_not_found, recovery.flow_expired */
    async get(token: string, locale: Locale) {
      const flow = await portal.findByToken(token);
      if (!flow) throw new AppError('recovery.flow_not_found');
      if (flow.state === 'failed' || (flow.state !== 'completed' && flow.expiresAt <= clock.now())) throw new AppError('recovery.flow_expired');
      return portal.view(token, flow as ShownFlow, locale);
    },
  };
}

/** The row `createFlow` would write, for the compiled insert. */
function flowRow(flow: ShownFlow, captchaKey: string, ctx: RequestContext) {
  return {
    id: flow.id,
    subject: flow.subject,
    user_id: flow.userId,
    user_principal_name: flow.userPrincipalName,
    eligibility: flow.eligibility,
    state: flow.state,
    password_stamp: flow.passwordStamp,
    methods_required: flow.methodsRequired,
    offered: JSON.stringify(flow.offered),
    proven: JSON.stringify(flow.proven),
    questions: JSON.stringify(flow.questions),
    locale: flow.locale,
    ip_address: ctx.ipAddress,
    user_agent: ctx.userAgent,
    captcha_key: captchaKey,
    created_at: iso(flow.createdAt),
    expires_at: iso(flow.expiresAt),
    finished_at: null,
    outcome: null,
  };
}
