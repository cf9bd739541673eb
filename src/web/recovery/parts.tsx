import { Button, Spinner, Subtitle1, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircleFilled, ChevronRightRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodKind } from '../../shared/methods.js';

const useStyles = makeStyles({
  heading: { margin: 0, ':focus': { outline: 'none' }, ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` } },
  actions: { display: 'flex', justifyContent: 'flex-end', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  progress: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalXS,
    rowGap: tokens.spacingVerticalXXS,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground3,
  },
  item: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS },
  current: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
  done: { color: tokens.colorNeutralForeground2 },
  doneIcon: { color: tokens.colorPaletteGreenForeground1, fontSize: '14px' },
  separator: { fontSize: '12px' },
});

/** The heading of the current step; the page moves focus to it when the step changes. */
export function StepHeading({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return (
    <Subtitle1 as="h2" id="recover-step-heading" tabIndex={-1} className={styles.heading}>
      {children}
    </Subtitle1>
  );
}

/** A step's submit button: a spinner while pending, disabled while pending or waiting out a retry. */
export function SubmitButton({ pending, wait, children }: { pending: boolean; wait: number; children: ReactNode }) {
  return (
    <Button type="submit" appearance="primary" disabled={pending || wait > 0} icon={pending ? <Spinner size="tiny" /> : undefined}>
      {children}
    </Button>
  );
}

/** The step's main button and Cancel (back to sign-in), at the end of the form. */
export function StepActions({ primary, onCancel }: { primary: ReactNode; onCancel: () => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <div className={styles.actions}>
      {primary}
      <Button onClick={onCancel}>{t('portal.cancel')}</Button>
    </div>
  );
}

/** Where the user is: "Verification step 1 › (step 2 ›) Choose a new password". */
export function StepProgress({ required, proven, choosingPassword }: { required: number; proven: number; choosingPassword: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const steps = [
    ...Array.from({ length: required }, (_, i) => ({
      label: t('portal.progress.verification', { number: i + 1 }),
      done: i < proven,
      current: !choosingPassword && i === proven,
    })),
    { label: t('portal.progress.password'), done: false, current: choosingPassword },
  ];
  return (
    <ol className={styles.progress} aria-label={t('portal.progress.label')}>
      {steps.map((step, i) => (
        <li
          key={step.label}
          className={mergeClasses(styles.item, step.current && styles.current, step.done && styles.done)}
          aria-current={step.current ? 'step' : undefined}
        >
          {step.done ? <CheckmarkCircleFilled className={styles.doneIcon} aria-label={t('portal.progress.done')} /> : null}
          {step.label}
          {i < steps.length - 1 ? <ChevronRightRegular className={styles.separator} aria-hidden /> : null}
        </li>
      ))}
    </ol>
  );
}

/** The label of each method in the list, as the user sees it. */
export function useMethodLabel(): (method: MethodKind) => string {
  const { t } = useTranslation();
  return (method) => t(`portal.methods.${method}.label`);
}
