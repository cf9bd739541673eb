import { iso } from '../../core/clock.js';
import { newId } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { RequestContext } from '../../core/identity.js';
import { isLocale, type Locale } from '../../i18n/index.js';
import { isCodeMethod, type MethodKind } from '../../../shared/methods.js';
import { queueUserMail } from '../notifications/notifier.js';
import { deliveryChannel } from '../verification/verifiers.js';
import { decoyQuestionPool } from './decoy.js';
import { transition } from './flow.js';
import type { Portal, ShownFlow } from './portal.js';
import { questionCatalog, questionsForFlow } from './questions.js';
import { createRecoveryThrottle, type MessageLimit } from './throttle.js';
import type { AuditAction } from '../../../shared/audit.js';

/** An audit event about a reset flow, with the request's correlation id (checklist AU1); no code, no address. */
export function flowAudit(
  flow: Pick<ShownFlow, 'userId' | 'userPrincipalName'>,
  ctx: RequestContext,
  action: AuditAction,
  outcome: 'success' | 'failure',
  details: Record<string, string | number | boolean | null>,
) {
  const who = { id: flow.userId, name: flow.userPrincipalName };
  return { action, outcome, actorId: who.id, actorName: who.name, targetId: who.id, targetName: who.name, ...ctx, details };
}

/** Step 2a: the challenge of a method (a code sent, or questions drawn). */
export function sendStep(portal: Portal) {
  const { deps, repos, transact, clock, verifiers } = portal;
  const messageLimits = (): MessageLimit[] => [
    { window: 'quarterHour', max: deps.limits.messagesPerAccount ?? 3 },
    { window: 'day', max: deps.limits.messagesPerAccountPerDay ?? 10 },
  ];

  /** Draws the security questions to answer; a flow that can't succeed draws decoy ones (R2). */
  async function drawQuestions(token: string, flow: ShownFlow, real: boolean, locale: Locale) {
    const settings = await deps.settings();
    // The same statement for every flow; only a flow that can succeed draws from real answers.
    const answers = await repos.securityInfo.answers(flow.userId ?? '');
    const registered = real ? answers.map((a) => a.questionId) : [];
    const current = new Set(questionCatalog(settings, 'en').map((q) => q.id));
    const pool = registered.length ? registered.filter((id) => current.has(id)) : decoyQuestionPool;
    // The same questions every time this flow asks (R25c), not a fresh CSPRNG draw per request.
    const next = transition(flow, { type: 'drawQuestions', questions: questionsForFlow(deps.secret, flow.id, pool, settings.questionsToReset) });
    if (!(await repos.recovery.updateFlow(flow.id, flow.version, next.change))) throw new AppError('recovery.step_not_allowed');
    return portal.view(token, portal.shown(flow, next), locale);
  }

  /**
   * Sends a code to a method's address on record (never one the client names: checklist R14),
   * or draws the security questions. A code goes out only where the flow can succeed; else a
   * decoy is written in its place (or, once a day, a "you can't reset" notice to the account).
   * @throws AppError recovery.flow_not_found, recovery.flow_expired, recovery.step_not_allowed,
   *   recovery.method_not_offered, recovery.questions_need_other_method, recovery.locked, request.rate_limited
   */
  return async function send(token: string, method: MethodKind, ctx: RequestContext, locale: Locale) {
    const { flow, user, lockedUntil } = await portal.openFlow(token, 'prove');
    const offered = portal.offeredMethod(flow, method);
    const now = clock.now();
    if (method === 'securityQuestions') return drawQuestions(token, flow, portal.canSucceed(flow, user), locale);
    if (!isCodeMethod(method)) return portal.view(token, flow, locale); // the authenticator app needs nothing sent
    // The lock as read with the flow, in the same statement (issue 16).
    if (lockedUntil) throw new AppError('recovery.locked');
    await deps.rateLimiter.consume('recovery-send', ctx.ipAddress ?? 'unknown', { limit: deps.limits.sendsPerIp, windowSeconds: 3600 });
    const issued = verifiers.code.challenge({ binding: portal.codeBinding(flow, method), now });
    const deliver = portal.canSucceed(flow, user);
    // Every statement runs on every path; only the branch taken on the results differs. A flow that
    // can't succeed looks up '' (no method has that id): the same statement, no row (R2).
    const address = await repos.recovery.methodAddress(flow.userId ?? '', deliver ? (offered.methodId ?? '') : '');
    const userLocale = isLocale(user?.preferredLanguage) ? user.preferredLanguage : locale;
    // Read before the transaction: on SQLite a read outside it would wait for the transaction's connection.
    const defaultLocale = await deps.defaultLocale();
    // Every write of the step in ONE transaction (issue 16: a commit costs more than the statements).
    // A throttle's refusal is returned, not thrown, so what it wrote (the lock, the audit) commits.
    const refusal = await transact(async (tx) => {
      const counters = createRecoveryThrottle({ repos: tx, clock });
      let firstToday: boolean;
      try {
        await counters.countSend(flow.subject);
        // Per-account message limits (R11): the refusal is audited alike for every account and unknown name (AU1).
        await counters.countMessage(flow.subject, messageLimits(), (limit) =>
          tx.recovery.appendAudit(flowAudit(flow, ctx, 'recovery.rate_limit_exceeded', 'failure', { method, limit: limit.max, window: limit.window }), now),
        );
        firstToday = await counters.firstSendToday(flow.subject);
      } catch (err) {
        if (err instanceof AppError) return err;
        throw err;
      }
      const destination = deliver ? address : undefined;
      const notice = !deliver && !!user?.accountEnabled && firstToday;
      // AU1: "code sent", with what actually went out: the code, the "you can't reset" notice, or nothing (a decoy).
      const delivered = notice && user ? 'notice' : destination ? 'code' : 'none';
      await tx.recovery.appendAudit(flowAudit(flow, ctx, 'recovery.code_sent', 'success', { method, delivered }), now);
      await tx.recovery.voidCodes(flow.id, method, now);
      await tx.recovery.addCode({ id: newId(), flowId: flow.id, method, codeHash: issued.codeHash, createdAt: now, expiresAt: issued.expiresAt });
      if (notice && user) {
        await queueUserMail(
          tx,
          user,
          'recovery-not-possible',
          { occurredAt: iso(now), ipAddress: ctx.ipAddress, userAgent: ctx.userAgent },
          { at: now, defaultLocale, addresses: [user.mail ?? user.userPrincipalName] },
        );
        return null;
      }
      await tx.outbox.enqueue(
        {
          decoy: !destination,
          channel: deliveryChannel(method),
          recipient: destination ?? '',
          template: 'recovery-code',
          locale: userLocale,
          payload: {
            sealedCode: issued.sealedCode,
            expiresInMinutes: issued.expiresInMinutes,
            userPrincipalName: user?.userPrincipalName ?? '',
            displayName: user?.displayName ?? '',
          },
          userId: flow.userId,
        },
        now,
      );
      return null;
    });
    if (refusal) throw refusal;
    deps.mailQueued();
    return portal.view(token, flow, locale);
  };
}
