// The ALTCHA proof of work, off the main thread: finds the number in [start, max] whose hash with
// the salt is the challenge. Bundled by Vite as its own same-origin file, so the page's CSP
// (script-src 'self', no blob: workers) allows it. SHA-256 (what the server issues) runs on the
// synchronous hash in ./sha256; any other algorithm on altcha-lib's WebCrypto search.
import { solveChallenge } from 'altcha-lib';
import { findNumber } from '../recovery/sha256';

export interface PowRequest {
  algorithm: string;
  challenge: string;
  salt: string;
  start: number;
  max: number;
}

/** The number found, or null when this range has none. */
export type PowResponse = { number: number } | null;

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<PowRequest>) => void) | null;
  postMessage(message: PowResponse): void;
};

scope.onmessage = (event) => {
  const { algorithm, challenge, salt, start, max } = event.data;
  if (algorithm.toUpperCase() === 'SHA-256') {
    const number = findNumber(challenge, salt, start, max);
    scope.postMessage(number === null ? null : { number });
    return;
  }
  solveChallenge(challenge, salt, algorithm, max, start).promise.then(
    (solution) => scope.postMessage(solution ? { number: solution.number } : null),
    () => scope.postMessage(null),
  );
};
