import { Field, Input, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api';
import { recoveryApi } from '../recovery/flow';
import type { FlowView } from '../../shared/recovery.js';
import { SubmitButton } from '../recovery/parts';
import { Problem, useRetryAfter } from '../recovery/Problem';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

interface Props {
  flowId: string;
  questions: { id: string; text: string }[];
  onVerified: (flow: FlowView) => void;
  /** New questions after wrong answers (the server draws them again). */
  onRedrawn: (flow: FlowView) => void;
  handleError: (err: unknown) => boolean;
}

/** The drawn security questions, each with a box for its answer. */
export function QuestionsForm({ flowId, questions, onVerified, onRedrawn, handleError }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [wrong, setWrong] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const wait = useRetryAfter(error);
  const refs = useRef(new Map<string, HTMLInputElement>());

  const focusFirst = (ids: string[]) => {
    const first = questions.find((q) => ids.includes(q.id));
    if (first) refs.current.get(first.id)?.focus();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const empty = questions.filter((q) => !answers[q.id]?.trim()).map((q) => q.id);
    setMissing(empty);
    setError(null);
    if (empty.length) return focusFirst(empty);
    setPending(true);
    try {
      const view = await recoveryApi.verifyAnswers(
        flowId,
        questions.map((q) => ({ questionId: q.id, answer: answers[q.id] ?? '' })),
      );
      onVerified(view);
    } catch (err) {
      if (handleError(err)) return;
      if (err instanceof ApiError && err.code === 'recovery.answers_invalid') {
        // Wrong answers: new questions are drawn, so nobody can try one question again and again.
        setWrong(err.title);
        setAnswers({});
        try {
          const view = await recoveryApi.send(flowId, 'securityQuestions');
          onRedrawn(view);
          const [first] = view.questions ?? [];
          if (first) window.setTimeout(() => refs.current.get(first.id)?.focus(), 0);
        } catch (again) {
          if (!handleError(again)) setError(again);
        }
      } else setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={(event) => void onSubmit(event)} noValidate aria-label={t('portal.verify.questionsForm')}>
      {wrong ? (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>{wrong}</MessageBarBody>
        </MessageBar>
      ) : null}
      {error ? <Problem error={error} secondsLeft={wait} /> : null}
      {questions.map((q) => (
        <Field key={q.id} label={q.text} required validationMessage={missing.includes(q.id) ? t('portal.verify.answerRequired') : undefined}>
          <Input
            ref={(el) => {
              if (el) refs.current.set(q.id, el);
              else refs.current.delete(q.id);
            }}
            name={`answer-${q.id}`}
            autoComplete="off"
            spellCheck={false}
            value={answers[q.id] ?? ''}
            aria-invalid={missing.includes(q.id) || undefined}
            onChange={(_, d) => {
              setAnswers((a) => ({ ...a, [q.id]: d.value }));
              if (missing.includes(q.id) && d.value.trim()) setMissing((m) => m.filter((id) => id !== q.id));
            }}
          />
        </Field>
      ))}
      <div>
        <SubmitButton pending={pending} wait={wait}>
          {pending ? t('portal.verify.verifying') : t('portal.verify.submit')}
        </SubmitButton>
      </div>
    </form>
  );
}
