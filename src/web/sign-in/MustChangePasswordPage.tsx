import { Button, MessageBar, MessageBarBody, Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { CenteredCard } from '../shared/CenteredCard';
import { ErrorBar } from '../shared/ErrorBar';
import { ChangePasswordForm } from '../shared/password/ChangePasswordForm';
import { useMe, useSignOut } from '../shared/session';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2 },
});

/**
 * The limited frame for a user who must change their password (reset by an administrator, first
 * sign-in) or whose password has expired: the change form and Sign out, nothing else.
 */
export function MustChangePasswordPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { data: me } = useMe();
  const signOut = useSignOut();
  if (me && !me.passwordChangeRequired) return <Navigate to="/account/password" replace />;
  const expired = me?.passwordChangeReason === 'expired';
  const title = expired ? t('mustChange.expiredTitle') : t('mustChange.title');

  return (
    <CenteredCard title={title}>
      <div className={styles.body}>
        <div className={styles.header}>
          <Title2 as="h1">{title}</Title2>
          {me ? <Text className={styles.muted}>{me.user.userPrincipalName}</Text> : null}
        </div>
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{expired ? t('mustChange.expired') : t('mustChange.mustChange')}</MessageBarBody>
        </MessageBar>
        {signOut.error ? <ErrorBar error={signOut.error} /> : null}
        <ChangePasswordForm
          secondary={
            <Button onClick={() => signOut.mutate()} disabled={signOut.isPending}>
              {t('mustChange.signOut')}
            </Button>
          }
        />
      </div>
    </CenteredCard>
  );
}
