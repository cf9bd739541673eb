import { Avatar, Card, CardHeader, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ChevronRightRegular, ShieldLockRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { Page } from '../shared/Page';
import { RoleList } from '../shared/RoleList';
import { RouterLink } from '../shared/links';
import { useMe } from '../shared/session';
import { initials } from '../shared/initials';

const useStyles = makeStyles({
  grid: { display: 'grid', gap: tokens.spacingHorizontalL, gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', alignItems: 'start' },
  card: { padding: tokens.spacingHorizontalL },
  fields: {
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalM,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  link: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
});

export function OverviewPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { data: me } = useMe();
  if (!me) return null;
  const { user } = me;
  const value = (v: string | null) => (v ? v : <span className={styles.muted}>{t('account.notSet')}</span>);

  return (
    <Page title={t('account.overviewTitle')} subtitle={t('account.overviewSubtitle')}>
      <div className={styles.grid}>
        <Card className={styles.card} aria-labelledby="profile-heading">
          <CardHeader
            image={<Avatar name={user.displayName} initials={initials(user.displayName)} size={56} color="colorful" />}
            header={
              <Subtitle2 as="h2" id="profile-heading">
                {user.displayName}
              </Subtitle2>
            }
            description={<Text className={styles.muted}>{user.userPrincipalName}</Text>}
          />
          <dl className={styles.fields}>
            <dt className={styles.term}>{t('account.displayName')}</dt>
            <dd className={styles.value}>{user.displayName}</dd>
            <dt className={styles.term}>{t('account.userPrincipalName')}</dt>
            <dd className={styles.value}>{user.userPrincipalName}</dd>
            <dt className={styles.term}>{t('account.mail')}</dt>
            <dd className={styles.value}>{value(user.mail)}</dd>
            <dt className={styles.term}>{t('account.department')}</dt>
            <dd className={styles.value}>{value(user.department)}</dd>
            <dt className={styles.term}>{t('account.jobTitle')}</dt>
            <dd className={styles.value}>{value(user.jobTitle)}</dd>
            <dt className={styles.term}>{t('account.roles')}</dt>
            <dd className={styles.value}>
              <RoleList roles={me.roles} empty={t('account.noRoles')} />
            </dd>
          </dl>
        </Card>
        <Card className={styles.card} aria-labelledby="security-card-heading">
          <CardHeader
            image={<ShieldLockRegular fontSize={32} aria-hidden />}
            header={
              <Subtitle2 as="h2" id="security-card-heading">
                {t('account.securityLink')}
              </Subtitle2>
            }
          />
          <Text as="p">{t('account.securityLinkDescription')}</Text>
          <RouterLink to="/account/security" className={styles.link}>
            {t('account.securityLink')}
            <ChevronRightRegular aria-hidden />
          </RouterLink>
        </Card>
      </div>
    </Page>
  );
}
