import {
  DialogBody,
  DialogContent,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  Option,
  OptionGroup,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch } from '../../../shared/api';
import { ErrorBar } from '../../../shared/ErrorBar';
import type { SecurityQuestionCatalog } from '../../../../shared/security-info.js';
import { useRefreshSecurityInfo } from '../api';
import { useDialogStyles } from '../dialogStyles';
import { methodLabel } from '../labels';
import { StepButtons } from './parts';
import type { StepProps } from './parts';

const ANSWER_MIN = 3;
const ANSWER_MAX = 40;

const useStyles = makeStyles({
  question: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    paddingBlock: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  dropdown: { width: '100%', minWidth: 0 },
  listbox: { maxHeight: '320px' },
});

type RowErrors = { question?: string; answer?: string };

/** The questions as options; those chosen on another row are disabled. */
function options(questions: readonly { id: string; text: string }[], taken: ReadonlySet<string>) {
  return questions.map((q) => (
    <Option key={q.id} value={q.id} disabled={taken.has(q.id)}>
      {q.text}
    </Option>
  ));
}

interface Props extends StepProps {
  replacing: boolean;
  /** From the policy; the catalogue's `required` wins when it differs. */
  count: number;
  onDone: () => void;
}

/**
 * Security questions: choose N different questions (the organisation's own after the predefined
 * ones) and answer each with 3-40 characters; `PUT /me/methods/security-questions` replaces any
 * earlier answers. Answers are never shown back: a change means answering again.
 */
export function SecurityQuestionsStep({ replacing, count, onBack, onCancel, onDone }: Props) {
  const { t, i18n } = useTranslation();
  const styles = { ...useDialogStyles(), ...useStyles() };
  const refresh = useRefreshSecurityInfo();
  const catalog = useQuery({
    queryKey: ['me', 'methods', 'security-questions', i18n.language],
    queryFn: ({ signal }) => apiFetch<SecurityQuestionCatalog>('/me/methods/security-questions', { signal }),
    staleTime: 0,
  });
  const required = catalog.data?.required ?? count;
  const [questions, setQuestions] = useState<string[]>([]);
  const [answers, setAnswers] = useState<string[]>([]);
  const [errors, setErrors] = useState<RowErrors[]>([]);

  // One row per required question; a change starts from the questions chosen last time.
  const [rowsFor, setRowsFor] = useState<{ data: SecurityQuestionCatalog; required: number } | undefined>();
  if (catalog.data && (rowsFor?.data !== catalog.data || rowsFor.required !== required)) {
    setRowsFor({ data: catalog.data, required });
    const known = new Set(catalog.data.questions.map((q) => q.id));
    const previous = catalog.data.registeredIds.filter((id) => known.has(id));
    setQuestions((current) => (current.length === required ? current : Array.from({ length: required }, (_, i) => previous[i] ?? '')));
    setAnswers((current) => (current.length === required ? current : Array.from({ length: required }, () => '')));
  }

  const save = useMutation({
    mutationFn: () =>
      apiFetch<{ registered: number }>('/me/methods/security-questions', {
        method: 'PUT',
        body: { answers: questions.map((questionId, i) => ({ questionId, answer: answers[i]!.trim() })) },
      }),
    onSuccess: async () => {
      await refresh();
      onDone();
    },
    onError: (err) => {
      if (!(err instanceof ApiError) || err.status !== 400) return;
      const rows: RowErrors[] = [];
      for (const issue of err.issues) {
        const match = /^answers\.(\d+)(?:\.(\w+))?$/.exec(issue.path);
        if (!match) continue;
        const index = Number(match[1]);
        const onQuestion = match[2] === 'questionId' || /question/.test(issue.code);
        const row = (rows[index] ??= {});
        if (onQuestion) row.question ??= issue.message;
        else row.answer ??= issue.message;
      }
      setErrors(rows);
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const rows: RowErrors[] = questions.map(() => ({}));
    const seenAnswers = new Map<string, number>();
    questions.forEach((q, i) => {
      const answer = (answers[i] ?? '').trim();
      if (!q) rows[i]!.question = t('securityInfo.questionRequired');
      if (answer.length < ANSWER_MIN) rows[i]!.answer = t('securityInfo.answerTooShort', { min: ANSWER_MIN });
      else if (answer.length > ANSWER_MAX) rows[i]!.answer = t('securityInfo.answerTooLong', { max: ANSWER_MAX });
      else {
        const key = answer.toLocaleLowerCase().replace(/\s+/g, ' ');
        if (seenAnswers.has(key)) rows[i]!.answer = t('securityInfo.answerDuplicate');
        else seenAnswers.set(key, i);
      }
    });
    setErrors(rows);
    const firstBad = rows.findIndex((r) => r.question || r.answer);
    if (firstBad >= 0) {
      document.getElementById(rows[firstBad]!.question ? `sq-question-${firstBad}` : `sq-answer-${firstBad}`)?.focus();
      return;
    }
    save.mutate();
  };

  const data = catalog.data;
  const predefined = data?.questions.filter((q) => !q.custom) ?? [];
  const custom = data?.questions.filter((q) => q.custom) ?? [];
  const textOf = (id: string) => data?.questions.find((q) => q.id === id)?.text ?? '';
  const rowErrorsShown = errors.some((r) => r && (r.question || r.answer));
  const saveError = save.error && !(save.error instanceof ApiError && save.error.status === 400 && rowErrorsShown) ? save.error : null;

  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        <DialogTitle>{methodLabel(t, 'securityQuestions')}</DialogTitle>
        <DialogContent className={styles.content}>
          <Text as="p">{t(replacing ? 'securityInfo.questionsIntroChange' : 'securityInfo.questionsIntro', { count: required })}</Text>
          {catalog.isError ? <ErrorBar error={catalog.error} onRetry={() => void catalog.refetch()} /> : null}
          {catalog.isPending ? <Spinner size="small" label={t('app.loading')} /> : null}
          {saveError ? <ErrorBar error={saveError} /> : null}
          {data
            ? questions.map((questionId, i) => {
                const takenElsewhere = new Set(questions.filter((q, j) => q && j !== i));
                return (
                  <div key={i} role="group" aria-label={t('securityInfo.questionLabel', { number: i + 1 })} className={styles.question}>
                    <Field label={t('securityInfo.questionLabel', { number: i + 1 })} required validationMessage={errors[i]?.question}>
                      <Dropdown
                        id={`sq-question-${i}`}
                        className={styles.dropdown}
                        listbox={{ className: styles.listbox }}
                        placeholder={t('securityInfo.questionPlaceholder')}
                        value={textOf(questionId)}
                        selectedOptions={questionId ? [questionId] : []}
                        onOptionSelect={(_, d) => {
                          const next = [...questions];
                          next[i] = d.optionValue ?? '';
                          setQuestions(next);
                        }}
                      >
                        {custom.length ? (
                          <>
                            <OptionGroup label={t('securityInfo.questionsPredefined')}>{options(predefined, takenElsewhere)}</OptionGroup>
                            <OptionGroup label={t('securityInfo.questionsCustom')}>{options(custom, takenElsewhere)}</OptionGroup>
                          </>
                        ) : (
                          options(predefined, takenElsewhere)
                        )}
                      </Dropdown>
                    </Field>
                    <Field
                      label={t('securityInfo.answerLabel', { number: i + 1 })}
                      required
                      hint={t('securityInfo.answerHint', { min: ANSWER_MIN, max: ANSWER_MAX })}
                      validationMessage={errors[i]?.answer}
                    >
                      <Input
                        id={`sq-answer-${i}`}
                        autoComplete="off"
                        spellCheck={false}
                        maxLength={ANSWER_MAX}
                        value={answers[i] ?? ''}
                        onChange={(_, d) => {
                          const next = [...answers];
                          next[i] = d.value;
                          setAnswers(next);
                        }}
                      />
                    </Field>
                  </div>
                );
              })
            : null}
        </DialogContent>
        <StepButtons label={t('securityInfo.save')} pending={save.isPending} disabled={!data} onBack={onBack} onCancel={onCancel} />
      </DialogBody>
    </form>
  );
}
