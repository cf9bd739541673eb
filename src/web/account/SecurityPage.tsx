import { Button, Card, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { KeyRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { Page } from '../shared/Page';
import { useDateFormatter } from '../shared/format';
import { useSpaClick } from '../shared/links';
import { useMe } from '../shared/session';
import { RecentSignIns } from './RecentSignIns';
import { SessionsList } from './SessionsList';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex' },
});

export function SecurityPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { data: me } = useMe();
  const spaClick = useSpaClick();
  const format = useDateFormatter();
  const lastChanged = format(me?.user.lastPasswordChangeDateTime);

  return (
    <Page title={t('security.title')}>
      <Card className={styles.card} aria-labelledby="password-heading">
        <Subtitle2 as="h2" id="password-heading">
          {t('security.passwordHeading')}
        </Subtitle2>
        <Text as="p">{t('security.passwordDescription')}</Text>
        <Text as="p" className={styles.muted}>
          {lastChanged ? t('security.lastChanged', { date: lastChanged }) : t('security.neverChanged')}
        </Text>
        <div className={styles.actions}>
          <Button as="a" href="/account/password" icon={<KeyRegular />} onClick={(e) => spaClick(e, '/account/password')}>
            {t('security.changePassword')}
          </Button>
        </div>
      </Card>
      <Card className={styles.card} aria-labelledby="sessions-heading">
        <Subtitle2 as="h2" id="sessions-heading">
          {t('security.sessionsHeading')}
        </Subtitle2>
        <Text as="p">{t('security.sessionsDescription')}</Text>
        <SessionsList />
      </Card>
      <Card className={styles.card} aria-labelledby="sign-ins-heading">
        <Subtitle2 as="h2" id="sign-ins-heading">
          {t('security.signInsHeading')}
        </Subtitle2>
        <Text as="p">{t('security.signInsDescription')}</Text>
        <RecentSignIns />
      </Card>
    </Page>
  );
}
