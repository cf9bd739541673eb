import { Button, MessageBar, MessageBarBody, Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { SignOutRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { CenteredCard } from '../shared/CenteredCard';
import { ErrorBar } from '../shared/ErrorBar';
import { useMe, useSignOut } from '../shared/session';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  actions: { display: 'flex', justifyContent: 'flex-end' },
});

/**
 * The limited frame for a user who must change their password: nothing but this message and Sign out.
 * The change-password form itself comes with a later issue.
 */
export function MustChangePasswordPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { data: me } = useMe();
  const signOut = useSignOut();
  if (me && !me.passwordChangeRequired) return <Navigate to="/account/password" replace />;
  const reason = me?.passwordChangeReason === 'expired' ? t('mustChange.expired') : t('mustChange.mustChange');

  return (
    <CenteredCard title={t('mustChange.title')}>
      <div className={styles.body}>
        <Title2 as="h1">{t('mustChange.title')}</Title2>
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{t('mustChange.body')}</MessageBarBody>
        </MessageBar>
        <Text as="p">{reason}</Text>
        <Text as="p">{t('mustChange.comingSoon')}</Text>
        {signOut.error ? <ErrorBar error={signOut.error} /> : null}
        <div className={styles.actions}>
          <Button appearance="primary" icon={<SignOutRegular />} onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            {t('mustChange.signOut')}
          </Button>
        </div>
      </div>
    </CenteredCard>
  );
}
