import { solveChallenge } from 'altcha-lib';
import type { PowRequest, PowResponse } from '../recovery/pow.worker';
import { recoveryApi } from '../recovery/flow';
import type { CaptchaChallenge } from '../../shared/recovery.js';

const DEFAULT_MAX = 1_000_000;

function abortError(): DOMException {
  return new DOMException('The proof of work was cancelled', 'AbortError');
}

/** Searches [0, max] with a few workers, each a slice; the first number found wins. */
function solveInWorkers(c: CaptchaChallenge, max: number, signal: AbortSignal): Promise<number | null> {
  const count = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
  const step = Math.ceil((max + 1) / count);
  const workers: Worker[] = [];
  return new Promise<number | null>((resolve, reject) => {
    let pending = count;
    const stop = () => workers.forEach((w) => w.terminate());
    signal.addEventListener('abort', () => {
      stop();
      reject(abortError());
    });
    for (let i = 0; i < count; i++) {
      const worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' });
      workers.push(worker);
      worker.onmessage = (event: MessageEvent<PowResponse>) => {
        pending -= 1;
        if (event.data) {
          stop();
          resolve(event.data.number);
        } else if (pending === 0) {
          stop();
          resolve(null);
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        stop();
        reject(new Error('worker failed'));
      };
      const request: PowRequest = { algorithm: c.algorithm, challenge: c.challenge, salt: c.salt, start: i * step, max: Math.min(max, (i + 1) * step - 1) };
      worker.postMessage(request);
    }
  });
}

/** The same search on the main thread (it awaits each hash, so the page stays responsive). */
async function solveHere(c: CaptchaChallenge, max: number, signal: AbortSignal): Promise<number | null> {
  const { promise, controller } = solveChallenge(c.challenge, c.salt, c.algorithm, max);
  signal.addEventListener('abort', () => controller.abort());
  const solution = await promise;
  if (signal.aborted) throw abortError();
  return solution?.number ?? null;
}

/**
 * Gets an ALTCHA challenge from the server and solves it: the proof that a person's browser (not
 * a script hammering the portal) asks. @returns the base64 payload `POST /recovery/flows` takes.
 */
export async function solveCaptcha(signal: AbortSignal): Promise<string> {
  const c = await recoveryApi.captcha(signal);
  const max = c.maxnumber ?? DEFAULT_MAX;
  let number: number | null;
  try {
    number = await solveInWorkers(c, max, signal);
  } catch (err) {
    if (signal.aborted) throw err;
    // Workers unavailable (an old browser or a stricter policy): solve here instead.
    number = await solveHere(c, max, signal);
  }
  if (number === null) throw new Error('no solution');
  const payload = { algorithm: c.algorithm, challenge: c.challenge, number, salt: c.salt, signature: c.signature };
  return btoa(JSON.stringify(payload));
}
