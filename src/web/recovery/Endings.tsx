import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircleFilled } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { ApiError } from '../shared/api';
import { Notice } from '../shared/Notice';
import type { SignInNotice } from '../shared/session';
import { StepHeading } from '../recovery/parts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  done: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  doneIcon: { fontSize: '28px', flexShrink: 0, color: tokens.colorPaletteGreenForeground1 },
});

/** The reset (or, `unlocked`, the unlock with the password kept) is done; the user signs in as usual (no automatic sign-in). */
export function DoneStep({ username, unlocked = false }: { username: string; unlocked?: boolean }) {
  const texts = unlocked ? 'portal.unlocked' : 'portal.done';
  const { t } = useTranslation();
  const styles = useStyles();
  const navigate = useNavigate();
  return (
    <div className={styles.root}>
      <div className={styles.done} role="status">
        <CheckmarkCircleFilled className={styles.doneIcon} aria-hidden />
        <StepHeading>{t(`${texts}.heading`)}</StepHeading>
      </div>
      <Text as="p">{t(`${texts}.body`)}</Text>
      <div>
        <Button
          as="a"
          href="/sign-in"
          appearance="primary"
          onClick={(event) => {
            event.preventDefault();
            // An unlock changed no password: the sign-in page says nothing about one.
            if (unlocked) void navigate('/sign-in');
            else void navigate('/sign-in', { state: { notice: 'passwordChanged', username: username || undefined } satisfies SignInNotice });
          }}
        >
          {t(`${texts}.signIn`)}
        </Button>
      </div>
    </div>
  );
}

/** Too many failed attempts: nothing more can be tried here for now. */
export function LockedStep({ error, onBack }: { error: ApiError; onBack: () => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <StepHeading>{t('portal.locked.heading')}</StepHeading>
      <Notice intent="error" role="alert" title={error.title || t('portal.locked.title')}>
        {t('portal.locked.body')}
      </Notice>
      <div>
        <Button onClick={onBack}>{t('portal.backToSignIn')}</Button>
      </div>
    </div>
  );
}
