import { createHash, createHmac } from 'node:crypto';
import { createChallenge } from 'altcha-lib';
import type { Clock } from '../../core/clock.js';
import { hmac, safeEqual } from '../../core/crypto.js';
import type { CaptchaChallenge } from '../../../shared/recovery.js';

/** A challenge lives ten minutes: long enough to type a name, short enough to be useless stockpiled. */
const CHALLENGE_SECONDS = 600;

/**
 * The reset portal's CAPTCHA: ALTCHA's self-hosted proof of work (no third party sees the user).
 * The server keeps no state per challenge: the challenge is signed, expires through its salt, and
 * the flow table's unique `captcha_key` makes each solution single-use.
 */
export function createCaptcha(options: { secret: string; clock: Clock; maxNumber: number }) {
  const key = hmac(options.secret, 'captcha');
  return {
    async challenge(): Promise<CaptchaChallenge> {
      const expires = new Date(options.clock.now().getTime() + CHALLENGE_SECONDS * 1000);
      const c = await createChallenge({ hmacKey: key, maxNumber: options.maxNumber, expires });
      return { algorithm: c.algorithm, challenge: c.challenge, maxnumber: c.maxnumber ?? options.maxNumber, salt: c.salt, signature: c.signature };
    },
    /**
     * Checks a solution (base64 JSON, as the ALTCHA widget submits it) synchronously with Node's
     * crypto: the signature is ours, the number solves the challenge, it has not expired.
     * @returns the key that makes it single-use, or null when it does not check out.
     */
    verify(payload: string): string | null {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
      } catch {
        return null;
      }
      if (!parsed || typeof parsed !== 'object') return null;
      const { algorithm, challenge, number, salt, signature } = parsed as Record<string, unknown>;
      if (algorithm !== 'SHA-256' || typeof challenge !== 'string' || typeof salt !== 'string' || typeof signature !== 'string') return null;
      if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > options.maxNumber) return null;
      const expires = Number(new URLSearchParams(salt.split('?')[1] ?? '').get('expires'));
      if (!Number.isFinite(expires) || expires * 1000 < options.clock.now().getTime()) return null;
      const expectedChallenge = createHash('sha256')
        .update(salt + number)
        .digest('hex');
      const expectedSignature = createHmac('sha256', key).update(challenge).digest('hex');
      if (!safeEqual(expectedChallenge, challenge) || !safeEqual(expectedSignature, signature)) return null;
      return signature;
    },
  };
}

export type Captcha = ReturnType<typeof createCaptcha>;
