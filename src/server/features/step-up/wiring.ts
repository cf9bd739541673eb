import type { Clock } from '../../core/clock.js';
import type { Repos } from '../../db/repos.js';
import type { SecretVerifier } from '../lockout/verify.js';
import type { SecondFactors } from '../mfa/port.js';
import type { PasskeyAssertions } from '../passkeys/port.js';
import { createStepUpGate } from './gate.js';
import { createStepUpService } from './service.js';

/**
 * Step-up (issue 17), wired once in services.ts: the gate every sensitive service demands fresh
 * proof from, and the service behind `POST /auth/step-up`. The mfa and passkeys features plug in
 * through getters (null: not wired; then no account has a second factor).
 */
export function createStepUp(deps: {
  repos: Repos;
  clock: Clock;
  verifier: SecretVerifier;
  maxAgeSeconds: number;
  secondFactors: () => SecondFactors | null;
  passkeys: () => PasskeyAssertions | null;
  csrfTokenFor: (sessionId: string) => string;
}) {
  const gate = createStepUpGate({
    clock: deps.clock,
    maxAgeSeconds: deps.maxAgeSeconds,
    methodsOf: async (userId) => (await deps.secondFactors()?.methodsOf(userId)) ?? [],
  });
  const service = createStepUpService({ ...deps, proofsFor: gate.proofsFor });
  return { gate, service };
}
