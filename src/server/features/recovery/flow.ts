import { AppError } from '../../core/errors.js';
import { isStrongMethod, type MethodKind } from '../../../shared/methods.js';

/**
 * A self-service reset as data (reference §7.3; house rule "flows are data"): the states a
 * persisted flow row can be in, the events that move it, and one pure {@link transition}
 * function. The service computes every state change here and writes the result with the store's
 * compare-and-set `updateFlow`; the diagram is in docs/self-service-password-reset.md.
 */

export const flowStates = ['verify', 'password', 'completed', 'failed'] as const;
/** `verify`: proving methods; `password`: enough proven; `completed` and `failed` are final. */
export type FlowState = (typeof flowStates)[number];

/** Why a flow may not end in a reset; kept for the report, never shown to the person at the portal. */
export type Eligibility = 'eligible' | 'unknown' | 'disabled' | 'not_enabled' | 'not_registered';

/** A method the portal offers: what the user sees (masked) and where a code would go. */
export interface OfferedMethod {
  method: MethodKind;
  destination: string | null;
  /** The registered method's id (null for a decoy or for security questions). */
  methodId: string | null;
}

export interface RecoveryFlow {
  id: string;
  subject: string;
  userId: string | null;
  userPrincipalName: string | null;
  eligibility: Eligibility;
  state: FlowState;
  passwordStamp: string;
  methodsRequired: number;
  offered: OfferedMethod[];
  proven: MethodKind[];
  questions: string[];
  failures: number;
  version: number;
  locale: string;
  createdAt: Date;
  expiresAt: Date;
  finishedAt: Date | null;
  outcome: string | null;
}

/** Where every flow begins (step 1, a name and a solved CAPTCHA). */
export const initialState = 'verify' as const satisfies FlowState;

/** Wrong proofs in one flow before it ends (checklist R9). */
export const FLOW_FAILURES = 5;

export type FlowEvent =
  /** Its 15 minutes are over (seen when it is next used). */
  | { type: 'expire'; at: Date }
  /** The password changed by another path since the flow began (checklist R8c). */
  | { type: 'supersede'; at: Date }
  /** Found open past its lifetime by the prune job (the store does this in bulk). */
  | { type: 'abandon'; at: Date }
  /** Security questions drawn to be answered. */
  | { type: 'drawQuestions'; questions: string[] }
  /** One method proven. */
  | { type: 'prove'; method: MethodKind }
  /** A wrong proof; `failures` counts this one. */
  | { type: 'reject'; method: MethodKind; failures: number; at: Date }
  /** The new password is set. */
  | { type: 'setPassword'; at: Date }
  /** Unlocked in the directory, the password kept (reference §7.10 "unlock without resetting"; a directory user, the setting on). */
  | { type: 'unlock'; at: Date };
export type FlowEventType = FlowEvent['type'];
export const flowEventTypes = [
  'expire',
  'supersede',
  'abandon',
  'drawQuestions',
  'prove',
  'reject',
  'setPassword',
  'unlock',
] as const satisfies readonly FlowEventType[];

/** Fields to write with `updateFlow` (empty: nothing to write). */
export type FlowChange = Partial<Pick<RecoveryFlow, 'state' | 'proven' | 'questions' | 'outcome'>> & { finishedAt?: Date };
export interface Transition {
  state: FlowState;
  change: FlowChange;
}

/** The transition table: the events each state accepts. Final states accept none. */
const accepts: Record<FlowState, readonly FlowEventType[]> = {
  verify: ['expire', 'supersede', 'abandon', 'drawQuestions', 'prove', 'reject'],
  // After the proofs: a new password, or (directory users, when the policy allows it) unlock only.
  password: ['expire', 'supersede', 'abandon', 'setPassword', 'unlock'],
  completed: [],
  failed: [],
};

export const allows = (state: FlowState, event: FlowEventType): boolean => accepts[state].includes(event);

/**
 * An event the flow's state does not accept. It is the AppError the portal answered with before
 * the table existed: `recovery.flow_expired` for a failed flow, else `recovery.step_not_allowed`.
 */
export class IllegalTransition extends AppError {
  constructor(
    readonly from: FlowState,
    readonly event: FlowEventType,
  ) {
    super(from === 'failed' ? 'recovery.flow_expired' : 'recovery.step_not_allowed');
    this.name = 'IllegalTransition';
  }
}

const ended = (outcome: string, at: Date): Transition => ({ state: 'failed', change: { state: 'failed', outcome, finishedAt: at } });

/**
 * The next state of `flow` on `event`, and the fields to write. Pure: no clock, no store.
 * @throws IllegalTransition (AppError recovery.step_not_allowed or recovery.flow_expired)
 */
export function transition(flow: Pick<RecoveryFlow, 'state' | 'proven' | 'methodsRequired'> & { offered?: OfferedMethod[] }, event: FlowEvent): Transition {
  if (!allows(flow.state, event.type)) throw new IllegalTransition(flow.state, event.type);
  switch (event.type) {
    case 'expire':
      return ended('expired', event.at);
    case 'supersede':
      return ended('superseded', event.at);
    case 'abandon':
      return ended('abandoned', event.at);
    case 'drawQuestions':
      return { state: 'verify', change: { questions: event.questions } };
    case 'prove': {
      // Each method counts once.
      if (flow.proven.includes(event.method)) throw new IllegalTransition(flow.state, event.type);
      const proven = [...flow.proven, event.method];
      // R18: a flow that offers a multi-factor method ends its proofs only with one of them proven.
      if (proven.length >= flow.methodsRequired && !strongSatisfied(flow.offered ?? [], proven)) throw new IllegalTransition(flow.state, event.type);
      // A proof always spends the drawn questions: a new attempt draws new ones.
      if (proven.length >= flow.methodsRequired) return { state: 'password', change: { proven, questions: [], state: 'password' } };
      return { state: 'verify', change: { proven, questions: [] } };
    }
    case 'reject':
      // Five wrong proofs end the flow (R9); a wrong answer starts the questions over.
      if (event.failures >= FLOW_FAILURES) return { state: 'failed', change: { state: 'failed', outcome: 'wrong_proof', finishedAt: event.at, questions: [] } };
      return { state: 'verify', change: event.method === 'securityQuestions' ? { questions: [] } : {} };
    case 'setPassword':
    case 'unlock':
      // Both end the flow as done (the report counts it completed; the audit action tells them apart).
      return { state: 'completed', change: { state: 'completed', outcome: 'completed', finishedAt: event.at } };
  }
}

/** The flow as it reads once `t` is written. */
export const applied = (flow: RecoveryFlow, t: Transition): RecoveryFlow => ({ ...flow, ...t.change, state: t.state });

/** Whether `t` writes anything. */
export const writes = (t: Transition): boolean => Object.keys(t.change).length > 0;

/**
 * Checklist R18: when a flow offers a multi-factor method (an authenticator app or a passkey: the
 * account has MFA, or a decoy looks like one that has), the proofs must include one of them.
 */
export function strongSatisfied(offered: readonly OfferedMethod[], proven: readonly MethodKind[]): boolean {
  return !offered.some((o) => isStrongMethod(o.method)) || proven.some(isStrongMethod);
}
