import { useCallback, useEffect, useRef, useState } from 'react';
import { solveCaptcha } from '../recovery/captcha';

export type CaptchaStatus = 'solving' | 'ready' | 'failed';

interface Attempt {
  promise: Promise<string>;
  controller: AbortController;
  failed: boolean;
  startedAt: number;
}

/** The server's challenges live 10 minutes; an older solution is replaced before it is sent. */
const FRESH_MS = 8 * 60_000;

/**
 * Solves the portal's proof-of-work CAPTCHA in the background as soon as the page opens, so it is
 * usually done before the user has typed their user ID. A solution is good for one flow: `take`
 * hands it out, and `retry` starts a new one (after the server refused it, or a failure).
 */
export function useCaptcha() {
  const [status, setStatus] = useState<CaptchaStatus>('solving');
  const current = useRef<Attempt | null>(null);

  /** Starts solving (the status is already 'solving' on the first start; `retry` sets it after that). */
  const start = useCallback((): Attempt => {
    current.current?.controller.abort();
    const controller = new AbortController();
    const promise = solveCaptcha(controller.signal);
    const attempt: Attempt = { promise, controller, failed: false, startedAt: Date.now() };
    promise.then(
      () => !controller.signal.aborted && setStatus('ready'),
      () => {
        attempt.failed = true;
        if (!controller.signal.aborted) setStatus('failed');
      },
    );
    current.current = attempt;
    return attempt;
  }, []);
  const retry = useCallback((): Attempt => {
    setStatus('solving');
    return start();
  }, [start]);

  useEffect(() => {
    start();
    return () => current.current?.controller.abort();
  }, [start]);

  /** The solved payload (waits while solving; starts again after a failure); rejects when solving fails. */
  const take = useCallback(async (): Promise<string> => {
    const reuse = current.current && !current.current.failed && Date.now() - current.current.startedAt < FRESH_MS;
    const attempt = reuse && current.current ? current.current : retry();
    const payload = await attempt.promise;
    if (current.current === attempt) current.current = null;
    return payload;
  }, [retry]);

  return { status, take, retry };
}
