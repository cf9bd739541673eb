import { Button, Field, Input, Label, Text, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, DeleteRegular, ErrorCircle12Filled } from '@fluentui/react-icons';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_CUSTOM_QUESTIONS, QUESTION_MAX } from './ssprDraft';

const useStyles = makeStyles({
  questions: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0, listStyle: 'none' },
  questionRow: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS },
  questionField: { flexGrow: 1, minWidth: 0 },
  questionsFooter: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  count: { color: tokens.colorNeutralForeground2, fontVariantNumeric: 'tabular-nums' },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  groupHint: { color: tokens.colorNeutralForeground3 },
  groupError: { color: tokens.colorPaletteRedForeground1, display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  groupErrorIcon: { flexShrink: 0 },
});

/** The organisation's own questions: one box per question, up to 20, each 3-200 characters. */
export function CustomQuestions({
  questions,
  rowErrors,
  listError,
  onChange,
}: {
  questions: string[];
  rowErrors: Map<number, string>;
  listError: string | undefined;
  onChange: (questions: string[]) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const lastRef = useRef<HTMLInputElement>(null);
  // Set by "Add question": the new last box takes the focus once it is rendered.
  const focusLast = useRef(false);
  useEffect(() => {
    if (focusLast.current) {
      focusLast.current = false;
      lastRef.current?.focus();
    }
  });
  const full = questions.length >= MAX_CUSTOM_QUESTIONS;
  return (
    <GroupField id="sspr-custom-questions" label={t('ssprSettings.customQuestions')} hint={t('ssprSettings.customQuestionsHint')} error={listError}>
      <div className={styles.questions}>
        {questions.length ? (
          <ol className={styles.questions}>
            {questions.map((q, i) => (
              <li key={i} className={styles.questionRow}>
                <Field className={styles.questionField} validationMessage={rowErrors.get(i)}>
                  <Input
                    ref={i === questions.length - 1 ? lastRef : undefined}
                    aria-label={t('ssprSettings.customQuestionLabel', { number: i + 1 })}
                    value={q}
                    maxLength={QUESTION_MAX}
                    onChange={(_, d) => onChange(questions.map((x, j) => (j === i ? d.value : x)))}
                  />
                </Field>
                <Button
                  appearance="subtle"
                  icon={<DeleteRegular />}
                  aria-label={t('ssprSettings.removeQuestion', { number: i + 1 })}
                  title={t('ssprSettings.removeQuestion', { number: i + 1 })}
                  onClick={() => onChange(questions.filter((_, j) => j !== i))}
                />
              </li>
            ))}
          </ol>
        ) : (
          <Text className={styles.count}>{t('ssprSettings.noCustomQuestions')}</Text>
        )}
        <div className={styles.questionsFooter}>
          <Button
            icon={<AddRegular />}
            disabled={full}
            onClick={() => {
              onChange([...questions, '']);
              focusLast.current = true;
            }}
          >
            {t('ssprSettings.addQuestion')}
          </Button>
          <Text className={styles.count} aria-live="polite">
            {t('ssprSettings.questionCount', { count: questions.length, max: MAX_CUSTOM_QUESTIONS })}
          </Text>
        </div>
      </div>
    </GroupField>
  );
}

/**
 * A labelled group of several controls (checkboxes, a list of boxes) with a hint and an error, laid
 * out like a Fluent Field. A Field would give every control inside it the same id.
 */
export function GroupField({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  const styles = useStyles();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={styles.group} role="group" aria-labelledby={`${id}-label`} aria-describedby={describedBy}>
      <Label id={`${id}-label`}>{label}</Label>
      {children}
      {error ? (
        <Text id={`${id}-error`} size={200} className={styles.groupError} role="alert">
          <ErrorCircle12Filled className={styles.groupErrorIcon} aria-hidden />
          {error}
        </Text>
      ) : null}
      {hint ? (
        <Text id={`${id}-hint`} size={200} className={styles.groupHint}>
          {hint}
        </Text>
      ) : null}
    </div>
  );
}
