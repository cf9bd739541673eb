import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../core/errors.js';
import {
  allows,
  applied,
  FLOW_FAILURES,
  flowEventTypes,
  flowStates,
  IllegalTransition,
  initialState,
  transition,
  writes,
  type FlowEvent,
  type FlowEventType,
  type FlowState,
  type Transition,
} from './flow.js';
import type { RecoveryFlow } from './flow.js';

const AT = new Date('2026-05-01T10:00:00.000Z');

/** One representative event of each type. */
const sample: Record<FlowEventType, FlowEvent> = {
  expire: { type: 'expire', at: AT },
  supersede: { type: 'supersede', at: AT },
  abandon: { type: 'abandon', at: AT },
  drawQuestions: { type: 'drawQuestions', questions: ['q1', 'q2'] },
  prove: { type: 'prove', method: 'email' },
  reject: { type: 'reject', method: 'email', failures: 1, at: AT },
  setPassword: { type: 'setPassword', at: AT },
  unlock: { type: 'unlock', at: AT },
};

const flowIn = (state: FlowState, extra: Partial<Pick<RecoveryFlow, 'proven' | 'methodsRequired'>> = {}) => ({
  state,
  proven: [],
  methodsRequired: 1,
  ...extra,
});

const ended = (outcome: string): Transition => ({ state: 'failed', change: { state: 'failed', outcome, finishedAt: AT } });

/** The documented result of every legal (state, event) pair with the sample events on a one-method flow. */
const legal: Partial<Record<FlowState, Partial<Record<FlowEventType, Transition>>>> = {
  verify: {
    expire: ended('expired'),
    supersede: ended('superseded'),
    abandon: ended('abandoned'),
    drawQuestions: { state: 'verify', change: { questions: ['q1', 'q2'] } },
    prove: { state: 'password', change: { proven: ['email'], questions: [], state: 'password' } },
    reject: { state: 'verify', change: {} },
  },
  password: {
    expire: ended('expired'),
    supersede: ended('superseded'),
    abandon: ended('abandoned'),
    setPassword: { state: 'completed', change: { state: 'completed', outcome: 'completed', finishedAt: AT } },
    // Unlock only (reference §7.10): after the proofs, as the new password is.
    unlock: { state: 'completed', change: { state: 'completed', outcome: 'completed', finishedAt: AT } },
  },
};

describe('the reset flow as data: transition(flow, event)', () => {
  test('a flow starts in verify', () => {
    assert.equal(initialState, 'verify');
  });

  for (const state of flowStates) {
    for (const type of flowEventTypes) {
      const expected = legal[state]?.[type];
      if (expected) {
        test(`${state} + ${type} -> ${expected.state}`, () => {
          assert.equal(allows(state, type), true);
          assert.deepEqual(transition(flowIn(state), sample[type]), expected);
        });
      } else {
        const code = state === 'failed' ? 'recovery.flow_expired' : 'recovery.step_not_allowed';
        test(`${state} + ${type} is illegal (${code})`, () => {
          assert.equal(allows(state, type), false);
          assert.throws(
            () => transition(flowIn(state), sample[type]),
            (err: unknown) => err instanceof IllegalTransition && err instanceof AppError && err.code === code && err.from === state && err.event === type,
          );
        });
      }
    }
  }

  test('completed and failed are final: they accept no event', () => {
    for (const type of flowEventTypes) {
      assert.equal(allows('completed', type), false);
      assert.equal(allows('failed', type), false);
    }
  });

  test('prove: the last method required moves to password; before that the flow stays in verify', () => {
    const first = transition(flowIn('verify', { methodsRequired: 2 }), { type: 'prove', method: 'email' });
    assert.deepEqual(first, { state: 'verify', change: { proven: ['email'], questions: [] } });
    const second = transition(flowIn('verify', { methodsRequired: 2, proven: ['email'] }), { type: 'prove', method: 'securityQuestions' });
    assert.deepEqual(second, { state: 'password', change: { proven: ['email', 'securityQuestions'], questions: [], state: 'password' } });
  });

  test('prove: a method counts once', () => {
    assert.throws(
      () => transition(flowIn('verify', { methodsRequired: 2, proven: ['email'] }), { type: 'prove', method: 'email' }),
      (err: unknown) => err instanceof IllegalTransition && err.code === 'recovery.step_not_allowed',
    );
  });

  test('reject: a wrong answer clears the drawn questions; the fifth failure ends the flow (R9)', () => {
    assert.deepEqual(transition(flowIn('verify'), { type: 'reject', method: 'securityQuestions', failures: 1, at: AT }), {
      state: 'verify',
      change: { questions: [] },
    });
    for (const method of ['email', 'authenticatorApp', 'securityQuestions'] as const) {
      assert.deepEqual(transition(flowIn('verify'), { type: 'reject', method, failures: FLOW_FAILURES - 1, at: AT }).state, 'verify');
      assert.deepEqual(transition(flowIn('verify'), { type: 'reject', method, failures: FLOW_FAILURES, at: AT }), {
        state: 'failed',
        change: { state: 'failed', outcome: 'wrong_proof', finishedAt: AT, questions: [] },
      });
    }
  });

  test('writes and applied: a wrong code writes nothing; applied reads like the stored row', () => {
    assert.equal(writes(transition(flowIn('verify'), { type: 'reject', method: 'email', failures: 1, at: AT })), false);
    assert.equal(writes(transition(flowIn('verify'), sample.expire)), true);
    const flow = { ...flowIn('password'), id: 'f', proven: ['email'] } as unknown as RecoveryFlow;
    const done = applied(flow, transition(flow, sample.setPassword));
    assert.equal(done.state, 'completed');
    assert.equal(done.outcome, 'completed');
    assert.deepEqual(done.finishedAt, AT);
    assert.deepEqual(done.proven, ['email']);
  });
});
