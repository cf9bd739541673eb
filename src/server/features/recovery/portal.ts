import type { Clock } from '../../core/clock.js';
import { sha256 } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import type { User } from '../../core/identity.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import type { MethodKind } from '../../../shared/methods.js';
import type { FlowView, Helpdesk } from '../../../shared/recovery.js';
import type { DirectoryConnector } from '../../core/directory.js';
import type { PasskeyAssertions } from '../passkeys/port.js';
import type { PasswordHasher } from '../passwords/hasher.js';
import type { PasswordWriter } from '../passwords/apply.js';
import type { PolicyService } from '../policy/service.js';
import type { RateLimiter } from '../rate-limit/service.js';
import { createVerifiers } from '../verification/verifiers.js';
import type { Captcha } from './captcha.js';
import { allows, applied, IllegalTransition, strongSatisfied, transition, type FlowEventType, type FlowState, type Transition } from './flow.js';
import { questionCatalog } from './questions.js';
import { helpdeskOf, type SsprSettings } from './settings.js';
import type { OfferedMethod, RecoveryFlow } from './flow.js';
import { createRecoveryThrottle } from './throttle.js';
import { toFlow } from './store.js';

export interface RecoveryDeps {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  hasher: PasswordHasher;
  /** The one password write path (policy, hash, history, sessions, cleanups, audit, notice). */
  writer: PasswordWriter;
  /** The policy's live feedback for a user, as My account's check gives it (the new-password step). */
  checkPassword: PolicyService['checkFor'];
  captcha: Captcha;
  rateLimiter: RateLimiter;
  secret: string;
  limits: {
    flowsPerIp: number;
    sendsPerIp: number;
    verifiesPerIp: number;
    /** Checklist R11: messages per account per 15 minutes and per 24 hours (0: no limit; default 3 and 10). */
    messagesPerAccount?: number;
    messagesPerAccountPerDay?: number;
  };
  settings: () => Promise<SsprSettings>;
  defaultLocale: () => Promise<Locale>;
  mailQueued: () => void;
  /** Passkey assertions (issue 17): a passkey is a strong method at the portal (Entra accepts none). */
  passkeys: PasskeyAssertions;
  /** The directory (issue 14), null or absent when none is configured: "unlock without resetting" needs it (reference §7.10). */
  directory?: DirectoryConnector | null;
}

/** A flow the portal can show: a failed one is answered with `recovery.flow_expired` instead. */
export type ShownFlow = RecoveryFlow & { state: Exclude<FlowState, 'failed'> };

/** What every step of the reset portal shares: the dependencies, the throttle, the verifiers, loading a flow and showing it. */
export function createPortal(deps: RecoveryDeps) {
  const { repos, clock } = deps;
  const throttle = createRecoveryThrottle({ repos, clock });
  const verifiers = createVerifiers({ secret: deps.secret, hasher: deps.hasher });
  const stampOf = (user: Pick<User, 'passwordHash'> | undefined) => sha256(`stamp:${user?.passwordHash ?? ''}`);

  /**
   * Whether this flow may end in "unlock without resetting" (reference §7.10): every proof done
   * (state `password`), the policy on, a directory configured, and a directory user who may reset.
   * Local users have nothing to unlock in a directory. Only ever true after the proofs, so the
   * choice reveals nothing about an account before them (checklist R1).
   */
  function unlockAllowed(flow: RecoveryFlow, user: User | undefined, settings: SsprSettings): user is User & { onPremises: NonNullable<User['onPremises']> } {
    return flow.state === 'password' && !!settings.allowUnlockWithoutReset && !!deps.directory && !!user?.onPremises && canSucceed(flow, user);
  }

  async function view(token: string, flow: ShownFlow, locale: Locale): Promise<FlowView> {
    const settings = await deps.settings();
    // The user is read only past the proofs with the policy on: the earlier steps' work is unchanged (R2).
    const canUnlock =
      flow.state === 'password' &&
      !!settings.allowUnlockWithoutReset &&
      !!deps.directory &&
      unlockAllowed(flow, await repos.users.findById(flow.userId ?? ''), settings);
    const texts = new Map(questionCatalog(settings, locale).map((q) => [q.id, q.text]));
    return {
      id: token,
      state: flow.state,
      expiresAt: flow.expiresAt.toISOString(),
      methodsRequired: flow.methodsRequired,
      proven: flow.proven,
      methods: flow.offered.map(({ method, destination }) => ({ method, destination })),
      questions: flow.questions.length ? flow.questions.map((id) => ({ id, text: texts.get(id) ?? id })) : null,
      helpdesk: helpdeskView(settings),
      canUnlock,
    };
  }

  /** A flow by its bearer token (43 base64url characters; anything else can't be one). */
  const findByToken = async (token: string) => (token.length >= 32 && token.length <= 64 ? repos.recovery.findFlow(sha256(token)) : undefined);

  /**
   * Loads an open flow by its bearer token for a step that leads to `event`; ends it when it has
   * timed out or the password changed since it began.
   * @throws AppError recovery.flow_not_found, recovery.flow_expired, recovery.step_not_allowed
   */
  async function openFlow(token: string, event: FlowEventType): Promise<{ flow: ShownFlow; user: User | undefined; lockedUntil: Date | null }> {
    const now = clock.now();
    // The flow, its account and its subject's lock in one statement (issue 16); the account is
    // joined for every flow (none for an unknown name): the same statement on every path (R2).
    const found = token.length >= 32 && token.length <= 64 ? await repos.recovery.flowWithAccount(sha256(token), now) : undefined;
    if (!found) throw new AppError('recovery.flow_not_found');
    const { user, lockedUntil } = found;
    const flow = toFlow(found.flow);
    if (flow.state === 'completed') throw new IllegalTransition(flow.state, event);
    if (flow.state === 'failed' || flow.expiresAt <= now) {
      if (allows(flow.state, 'expire')) await repos.recovery.updateFlow(flow.id, flow.version, transition(flow, { type: 'expire', at: now }).change);
      throw new AppError('recovery.flow_expired');
    }
    // A password changed by any path makes the flow stale (checklist R8c).
    if (flow.userId && stampOf(user) !== flow.passwordStamp) {
      await repos.recovery.updateFlow(flow.id, flow.version, transition(flow, { type: 'supersede', at: now }).change);
      throw new AppError('recovery.flow_expired');
    }
    if (!allows(flow.state, event)) throw new IllegalTransition(flow.state, event);
    return { flow: flow as ShownFlow, user, lockedUntil };
  }

  /** @throws AppError recovery.method_not_offered, recovery.step_not_allowed, recovery.questions_need_other_method, recovery.strong_method_required */
  function offeredMethod(flow: RecoveryFlow, method: MethodKind): OfferedMethod {
    const offered = flow.offered.find((m) => m.method === method);
    if (!offered) throw new AppError('recovery.method_not_offered');
    if (flow.proven.includes(method)) throw new AppError('recovery.step_not_allowed');
    // Security questions are never the only proof, nor the first (checklist R25a).
    if (method === 'securityQuestions' && flow.proven.length === 0) throw new AppError('recovery.questions_need_other_method');
    // R18: the proof that would complete the flow must leave a multi-factor method proven when one is offered.
    if (flow.proven.length + 1 >= flow.methodsRequired && !strongSatisfied(flow.offered, [...flow.proven, method]))
      throw new AppError('recovery.strong_method_required');
    return offered;
  }

  /** Can this flow end in a reset right now? (The account may have been disabled since it began: R8e.) */
  const canSucceed = (flow: RecoveryFlow, user: User | undefined) => flow.eligibility === 'eligible' && !!user?.accountEnabled;

  /** What a flow's codes are bound to: this flow and this method (R8). */
  const codeBinding = (flow: RecoveryFlow, method: MethodKind) => `flow:${flow.id}:${method}`;

  /** The flow as the portal shows it once `t` (a step's transition, never to `failed`) is written. */
  const shown = (flow: RecoveryFlow, t: Transition) => applied(flow, t) as ShownFlow;

  return {
    deps,
    repos,
    clock,
    transact: deps.transact,
    throttle,
    verifiers,
    stampOf,
    view,
    findByToken,
    openFlow,
    offeredMethod,
    canSucceed,
    unlockAllowed,
    codeBinding,
    shown,
  };
}

export type Portal = ReturnType<typeof createPortal>;

export function helpdeskView(settings: SsprSettings): Helpdesk {
  const h = helpdeskOf(settings);
  return h.kind === 'email'
    ? { kind: 'email' as const, address: h.address }
    : h.kind === 'url'
      ? { kind: 'url' as const, url: h.url }
      : { kind: 'default' as const };
}
