import { Field, Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { recoveryApi } from '../recovery/flow';
import type { FlowView } from '../../shared/recovery.js';
import { StepActions, StepHeading, SubmitButton } from '../recovery/parts';
import { Problem, useRetryAfter } from '../recovery/Problem';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  option: { display: 'flex', flexDirection: 'column' },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

export type Choice = 'reset' | 'unlock';

interface Props {
  flow: FlowView;
  /** Reset my password: the page shows the new-password step. */
  onReset: () => void;
  /** Unlocked: the server's answer (the flow completed). */
  onUnlocked: (flow: FlowView) => void;
  handleError: (err: unknown) => boolean;
  onCancel: () => void;
}

/**
 * After every proof, for a directory user when the policy allows it (`flow.canUnlock`): reset the
 * password, or unlock the account and keep it, as Entra's "Allow users to unlock accounts without
 * resetting their password" (reference §7.10). Reset is preselected: it is what the portal is for.
 */
export function ChoiceStep({ flow, onReset, onUnlocked, handleError, onCancel }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [choice, setChoice] = useState<Choice>('reset');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const wait = useRetryAfter(error);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (choice === 'reset') return onReset();
    setPending(true);
    try {
      onUnlocked(await recoveryApi.unlock(flow.id));
    } catch (err) {
      if (!handleError(err)) setError(err);
    } finally {
      setPending(false);
    }
  };

  const option = (value: Choice, label: string, hint: string) => (
    <Radio
      value={value}
      aria-describedby={`recover-choice-${value}-hint`}
      label={
        <span className={styles.option}>
          <span>{label}</span>
          <span className={styles.hint} id={`recover-choice-${value}-hint`}>
            {hint}
          </span>
        </span>
      }
    />
  );

  return (
    <form className={styles.form} onSubmit={(event) => void onSubmit(event)} noValidate aria-labelledby="recover-step-heading">
      <StepHeading>{t('portal.choice.heading')}</StepHeading>
      <Text as="p">{t('portal.choice.intro')}</Text>
      {error ? <Problem error={error} secondsLeft={wait} /> : null}
      <Field label={t('portal.choice.label')}>
        <RadioGroup value={choice} onChange={(_, d) => setChoice(d.value as Choice)}>
          {option('reset', t('portal.choice.reset'), t('portal.choice.resetHint'))}
          {option('unlock', t('portal.choice.unlock'), t('portal.choice.unlockHint'))}
        </RadioGroup>
      </Field>
      <StepActions
        primary={
          <SubmitButton pending={pending} wait={wait}>
            {choice === 'reset' ? t('portal.next') : pending ? t('portal.choice.unlocking') : t('portal.choice.unlockSubmit')}
          </SubmitButton>
        }
        onCancel={onCancel}
      />
    </form>
  );
}
