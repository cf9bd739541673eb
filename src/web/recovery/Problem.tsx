import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../shared/ErrorBar';
import { errorMessage } from '../shared/format';
import { isRateLimited } from '../recovery/flow';

const wholeSeconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * Seconds left before a rate-limited request may be tried again (from its Retry-After), counting
 * down; 0 when the error is not a rate limit or the wait is over.
 */
export function useRetryAfter(error: unknown): number {
  const seconds = isRateLimited(error) && error.retryAfter ? error.retryAfter : 0;
  // The count for this error (a new error starts a new count, straight away).
  const [count, setCount] = useState({ error, left: wholeSeconds(seconds * 1000) });
  if (count.error !== error) setCount({ error, left: wholeSeconds(seconds * 1000) });
  useEffect(() => {
    if (!seconds) return;
    const until = Date.now() + seconds * 1000;
    const timer = window.setInterval(() => setCount({ error, left: wholeSeconds(until - Date.now()) }), 1000);
    return () => window.clearInterval(timer);
  }, [error, seconds]);
  return count.left;
}

/**
 * An error from a portal call: the server's localised title, and for a rate limit how long to
 * wait (counting down; the caller disables its button meanwhile).
 */
export function Problem({ error, secondsLeft }: { error: unknown; secondsLeft: number }) {
  const { t } = useTranslation();
  if (!isRateLimited(error)) return <ErrorBar error={error} />;
  return (
    <MessageBar intent="warning" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{errorMessage(error, t)}</MessageBarTitle>
        {/* Read out once; the visible countdown is not announced every second. */}
        {error.retryAfter ? <span className="visually-hidden">{t('portal.errors.retryIn', { count: error.retryAfter })}</span> : null}
        <span aria-hidden={!!error.retryAfter}>{secondsLeft > 0 ? t('portal.errors.retryIn', { count: secondsLeft }) : t('portal.errors.retryNow')}</span>
      </MessageBarBody>
    </MessageBar>
  );
}
