import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api';
import { isFlowGone, isLocked, loadSavedFlow, recoveryApi, saveFlow } from '../recovery/flow';
import type { SavedFlow } from '../recovery/flow';
import type { FlowView } from '../../shared/recovery.js';

/** Why the page went back to the first step: the server's words, shown above the form. */
export type Notice = string | null;

/**
 * The state of a reset in the portal: the flow as the server last described it, what this tab
 * remembers about it (sessionStorage: a reload resumes with `GET /flows/{id}`), and the outcomes
 * that end it (expired: start again; locked: nothing more to try today).
 */
export function useRecoveryFlow() {
  const { t, i18n } = useTranslation();
  const [saved, setSaved] = useState<SavedFlow | null>(loadSavedFlow);
  const [flow, setFlow] = useState<FlowView | null>(null);
  const [resuming, setResuming] = useState(() => saved !== null);
  const [resumeError, setResumeError] = useState<unknown>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [locked, setLocked] = useState<ApiError | null>(null);
  /** The user ID to prefill when starting again. */
  const [lastUsername, setLastUsername] = useState(saved?.username ?? '');
  const savedRef = useRef(saved);
  const reloadRef = useRef<(id: string) => void>(() => undefined);

  const remember = useCallback((next: SavedFlow | null) => {
    saveFlow(next);
    setSaved(next);
  }, []);

  /** Ends this tab's flow and goes back to the first step. */
  const startOver = useCallback(
    (why: Notice = null) => {
      setLastUsername(savedRef.current?.username ?? '');
      remember(null);
      setFlow(null);
      setLocked(null);
      setResumeError(null);
      setNotice(why);
    },
    [remember],
  );

  /**
   * The errors that end a flow, whatever the step: @returns true when handled here (the caller
   * shows anything else next to its own fields).
   */
  const handleError = useCallback(
    (err: unknown): boolean => {
      if (isFlowGone(err)) {
        startOver((err as ApiError).title || t('portal.expired'));
        return true;
      }
      if (isLocked(err)) {
        saveFlow(null);
        setLocked(err as ApiError);
        return true;
      }
      // Another tab or a double click moved the flow on: show where it really is.
      if (err instanceof ApiError && err.code === 'recovery.step_not_allowed' && savedRef.current) reloadRef.current(savedRef.current.id);
      return false;
    },
    [startOver, t],
  );

  const load = useCallback(
    (id: string) => {
      setResumeError(null);
      recoveryApi.get(id).then(
        (view) => {
          if (savedRef.current?.id !== id) return;
          setFlow(view);
          setResuming(false);
        },
        (err: unknown) => {
          if (savedRef.current?.id !== id) return;
          setResuming(false);
          if (!handleError(err)) setResumeError(err);
        },
      );
    },
    [handleError],
  );

  // The latest values for what outlives a render (a request's answer, a handler); before any effect below runs.
  useLayoutEffect(() => {
    savedRef.current = saved;
    reloadRef.current = load;
  });

  // A reload of the tab resumes the flow it remembers.
  useEffect(() => {
    const id = savedRef.current?.id;
    if (id) load(id);
  }, [load]);

  // Questions come in the page's language: read the flow again after a language switch.
  const language = useRef(i18n.language);
  useEffect(() => {
    if (language.current === i18n.language) return;
    language.current = i18n.language;
    const id = savedRef.current?.id;
    if (id && flow && flow.state !== 'completed') load(id);
  }, [i18n.language, flow, load]);

  /** A new answer from the server; `patch` updates what the tab remembers (chosen method, code sent). */
  const update = useCallback(
    (view: FlowView, patch: Partial<Omit<SavedFlow, 'id'>> = {}) => {
      setNotice(null);
      setFlow(view);
      if (view.state === 'completed') {
        // Nothing left to resume: a reload starts a new reset.
        setLastUsername(savedRef.current?.username ?? lastUsername);
        remember(null);
        return;
      }
      const base: SavedFlow = savedRef.current?.id === view.id ? savedRef.current : { id: view.id, username: '', method: null, sent: false };
      remember({ ...base, ...patch, id: view.id });
    },
    [remember, lastUsername],
  );

  return {
    flow,
    saved,
    resuming,
    resumeError,
    retryResume: () => saved && load(saved.id),
    notice,
    clearNotice: () => setNotice(null),
    locked,
    lastUsername,
    update,
    remember,
    handleError,
    startOver,
  };
}
