import { randomInt } from 'node:crypto';
import { seal, unseal } from '../../core/crypto.js';
import type { CodeMethod } from '../../../shared/methods.js';
import type { PasswordHasher } from '../passwords/hasher.js';
import { CODE_LIFETIME_SECONDS, generateCode, matchTotp, newTotpSecret, normalizeAnswer, normalizeCode } from './methods.js';
import { codeHash, codeMatches } from './codes.js';

/**
 * How each kind of method is proven, shared by Security info (registering a method) and the reset
 * portal (proving one). One interface per kind: `challenge` starts a proof (a code to deliver, a
 * secret to show, questions to ask) and `check` tests a proof against what is on record.
 *
 * `check` does the same work when there is no record (R2: the portal asks it for every account
 * class alike) and never consumes anything: the caller consumes the match in the transaction that
 * records the result, so a proof is single use under concurrency (R6). Throttles stay with the
 * callers, whose limits differ (R9, R11).
 */
export interface Verifier<ChallengeInput, Challenge, Stored, Proof, Match> {
  challenge(input: ChallengeInput): Challenge;
  /** @returns the match to consume, or null. */
  check(stored: Stored | undefined, proof: Proof): Promise<Match | null>;
}

/** A code to deliver: only the keyed hash is stored, only the sealed code enters the outbox (S9). */
export interface IssuedCode {
  code: string;
  codeHash: string;
  sealedCode: string;
  expiresAt: Date;
  expiresInMinutes: number;
}

/**
 * Email, text message and voice call: 8 CSPRNG digits valid 5 minutes (R4), stored as an HMAC
 * bound to what they were issued for (a verification, or a flow and method: R8). `check` compares
 * in constant time; a missing hash still costs one HMAC.
 */
export type CodeVerifier = Verifier<{ binding: string; now: Date }, IssuedCode, string, { binding: string; code: string }, true>;

/**
 * Authenticator app (TOTP, RFC 6238): a new sealed secret per registration; a code matches within
 * ±1 step (R23). The match is the step, which the caller stores as used (`advanceTotpStep`
 * refuses a step that is not newer), so a code is never accepted twice. Without a stored secret a
 * random one is checked: the same work, and it never matches.
 */
export type TotpVerifier = Verifier<void, { secret: string; sealed: string }, string, { code: string; now: Date }, number>;

/**
 * Security questions: answers are argon2id hashes of the normalised answer (R25f, S9). The
 * challenge draws the questions to ask (CSPRNG) from a pool; `check` verifies every question
 * asked, with no early exit, so a wrong first answer costs what a right one does.
 */
export interface AnswerVerifier extends Verifier<
  { pool: readonly string[]; count: number },
  string[],
  ReadonlyMap<string, string>,
  { questions: readonly string[]; answers: readonly { questionId: string; answer: string }[] },
  true
> {
  /** The hash to store for an answer (registration). */
  enrol(answer: string): Promise<string>;
}

/** The sealing context of authenticator-app secrets at rest (S9). */
export const TOTP_SEAL = 'totp-secret';
/** The sealing context of codes in outbox payloads. */
const PAYLOAD_SEAL = 'mail-payload';

/** The outbox channel that delivers a code method's challenge. */
export const deliveryChannel = (kind: CodeMethod): 'email' | 'sms' | 'voice' => (kind === 'email' ? 'email' : kind === 'mobilePhone' ? 'sms' : 'voice');

export function createCodeVerifier(secret: string): CodeVerifier {
  return {
    challenge({ binding, now }) {
      const code = generateCode();
      return {
        code,
        codeHash: codeHash(secret, binding, code),
        sealedCode: seal(secret, PAYLOAD_SEAL, code),
        expiresAt: new Date(now.getTime() + CODE_LIFETIME_SECONDS * 1000),
        expiresInMinutes: CODE_LIFETIME_SECONDS / 60,
      };
    },
    async check(stored, proof) {
      return codeMatches(secret, proof.binding, normalizeCode(proof.code), stored) ? true : null;
    },
  };
}

export function createTotpVerifier(secret: string): TotpVerifier {
  return {
    challenge() {
      const fresh = newTotpSecret();
      return { secret: fresh, sealed: seal(secret, TOTP_SEAL, fresh) };
    },
    async check(stored, proof) {
      const step = matchTotp(stored ? unseal(secret, TOTP_SEAL, stored) : newTotpSecret(), normalizeCode(proof.code), proof.now);
      return stored ? step : null;
    },
  };
}

export function createAnswerVerifier(hasher: PasswordHasher): AnswerVerifier {
  return {
    challenge: ({ pool, count }) => drawRandom(pool, count),
    async check(stored, proof) {
      const given = new Map(proof.answers.map((a) => [a.questionId, a.answer]));
      let all = true;
      for (const questionId of proof.questions) {
        const result = await hasher.verify(stored?.get(questionId) ?? null, normalizeAnswer(given.get(questionId) ?? ''));
        if (!result.ok) all = false;
      }
      return all && stored ? true : null;
    },
    enrol: (answer) => hasher.hash(normalizeAnswer(answer)),
  };
}

export interface Verifiers {
  code: CodeVerifier;
  totp: TotpVerifier;
  answers: AnswerVerifier;
}

export function createVerifiers(deps: { secret: string; hasher: PasswordHasher }): Verifiers {
  return { code: createCodeVerifier(deps.secret), totp: createTotpVerifier(deps.secret), answers: createAnswerVerifier(deps.hasher) };
}

/** `count` distinct items at random (CSPRNG), for the questions asked at reset (reference §7.5). */
export function drawRandom<T>(items: readonly T[], count: number): T[] {
  const pool = [...items];
  const result: T[] = [];
  while (result.length < count && pool.length) {
    const i = randomInt(pool.length);
    result.push(pool.splice(i, 1)[0]!);
  }
  return result;
}
