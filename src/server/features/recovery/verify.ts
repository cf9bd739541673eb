import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { AppError } from '../../core/errors.js';
import type { RequestContext } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import { isCodeMethod, type MethodKind } from '../../../shared/methods.js';
import { transition, writes } from './flow.js';
import type { Portal, ShownFlow } from './portal.js';
import type { OfferedMethod } from './flow.js';

export type VerifyInput = {
  method: MethodKind;
  code?: string | undefined;
  answers?: { questionId: string; answer: string }[] | undefined;
  /** A passkey's assertion, answering the options of `passkeyOptions` (issue 17). */
  assertion?: AuthenticationResponseJSON | undefined;
};

/** Consumes an accepted proof in the transaction that records it; false when another request consumed it first (R6). */
type Consume = (tx: Repos) => Promise<boolean>;

/** Step 2b: checking one proof with the method's verifier. */
export function verifyStep(portal: Portal) {
  const { deps, repos, transact, clock, throttle, verifiers } = portal;

  /**
   * Checks the proof with the same work whether or not the flow can succeed (R2).
   * @returns how to consume it when it is right and the flow can succeed, else null.
   * @throws AppError recovery.step_not_allowed (answers before any questions were drawn)
   */
  async function check(flow: ShownFlow, offered: OfferedMethod, input: VerifyInput, real: boolean, now: Date): Promise<Consume | null> {
    if (isCodeMethod(input.method)) {
      const current = await repos.recovery.currentCode(flow.id, input.method, now);
      const match = await verifiers.code.check(current?.codeHash, { binding: portal.codeBinding(flow, input.method), code: input.code ?? '' });
      return match && real && current ? (tx) => tx.recovery.consumeCode(current.id, now) : null;
    }
    if (input.method === 'authenticatorApp') {
      const methods = await repos.securityInfo.methods(flow.userId ?? '');
      const stored = real ? methods.find((m) => m.id === offered.methodId) : undefined;
      const step = await verifiers.totp.check(stored?.value, { code: input.code ?? '', now });
      return step !== null && stored ? (tx) => tx.securityInfo.advanceTotpStep(stored.id, step) : null;
    }
    if (input.method === 'passkey') {
      // Verified against the flow's account ('' for an unknown name matches no passkey), the challenge spent either way (R5).
      const result = input.assertion
        ? await deps.passkeys.verifyAssertion({ userId: flow.userId ?? '', binding: portal.codeBinding(flow, 'passkey'), response: input.assertion, now })
        : null;
      return result && real ? async () => true : null;
    }
    if (!flow.questions.length) throw new AppError('recovery.step_not_allowed');
    const answers = await repos.securityInfo.answers(flow.userId ?? '');
    const stored = real ? new Map(answers.map((a) => [a.questionId, a.answerHash])) : undefined;
    const match = await verifiers.answers.check(stored, { questions: flow.questions, answers: input.answers ?? [] });
    return match && real ? async () => true : null;
  }

  /**
   * Checks one proof. A wrong one counts against the flow (5 end it) and the account (5 in 24
   * hours lock self-service reset for 24 hours); a wrong security answer starts the questions over.
   * @throws AppError recovery.code_invalid, recovery.answers_invalid, recovery.locked and the flow errors
   */
  return async function verify(token: string, input: VerifyInput, ctx: RequestContext, locale: Locale) {
    const { flow, user } = await portal.openFlow(token, 'prove');
    const offered = portal.offeredMethod(flow, input.method);
    await throttle.assertNotLocked(flow.subject);
    await deps.rateLimiter.consume('recovery-verify', ctx.ipAddress ?? 'unknown', { limit: deps.limits.verifiesPerIp, windowSeconds: 600 });
    await throttle.countValidation(flow.subject);
    const now = clock.now();
    const consume = await check(flow, offered, input, portal.canSucceed(flow, user), now);
    const next = transition(flow, { type: 'prove', method: input.method });
    const audit = {
      action: 'recovery.method_verified' as const,
      actorId: flow.userId,
      actorName: flow.userPrincipalName,
      targetId: flow.userId,
      targetName: flow.userPrincipalName,
      ...ctx,
      details: { method: input.method },
    };
    const accepted =
      consume &&
      (await transact(async (tx) => {
        if (!(await consume(tx))) return false;
        if (!(await tx.recovery.updateFlow(flow.id, flow.version, next.change))) throw new AppError('recovery.step_not_allowed');
        await tx.audit.append({ ...audit, outcome: 'success' }, now);
        return true;
      }));
    if (!accepted) {
      const failures = await repos.recovery.addFailure(flow.id);
      await throttle.countFailure(flow.subject);
      if (writes(transition(flow, { type: 'reject', method: input.method, failures, at: now }))) {
        const fresh = await repos.recovery.findFlow(flow.id);
        // Only while still proving: a concurrent correct proof may have moved it on meanwhile.
        if (fresh?.state === 'verify')
          await repos.recovery.updateFlow(fresh.id, fresh.version, transition(fresh, { type: 'reject', method: input.method, failures, at: now }).change);
      }
      await repos.audit.append({ ...audit, outcome: 'failure' }, now);
      throw new AppError(
        input.method === 'securityQuestions' ? 'recovery.answers_invalid' : input.method === 'passkey' ? 'recovery.passkey_invalid' : 'recovery.code_invalid',
      );
    }
    return portal.view(token, portal.shown(flow, next), locale);
  };
}
