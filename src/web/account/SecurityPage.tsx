import { Button, Card, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { KeyRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
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

/** A card with its heading (which labels it) and a sentence under it. */
function Section({ id, heading, description, children }: { id: string; heading: string; description: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} aria-labelledby={id}>
      <Subtitle2 as="h2" id={id}>
        {heading}
      </Subtitle2>
      <Text as="p">{description}</Text>
      {children}
    </Card>
  );
}

/** My account > Security & privacy: the password, the sessions and the recent sign-ins. */
export function SecurityPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { data: me } = useMe();
  const spaClick = useSpaClick();
  const format = useDateFormatter();
  const lastChanged = format(me?.user.lastPasswordChangeDateTime);

  return (
    <Page title={t('security.title')}>
      <Section id="password-heading" heading={t('security.passwordHeading')} description={t('security.passwordDescription')}>
        <Text as="p" className={styles.muted}>
          {lastChanged ? t('security.lastChanged', { date: lastChanged }) : t('security.neverChanged')}
        </Text>
        <div className={styles.actions}>
          <Button as="a" href="/account/password" icon={<KeyRegular />} onClick={(e) => spaClick(e, '/account/password')}>
            {t('security.changePassword')}
          </Button>
        </div>
      </Section>
      <Section id="sessions-heading" heading={t('security.sessionsHeading')} description={t('security.sessionsDescription')}>
        <SessionsList />
      </Section>
      <Section id="sign-ins-heading" heading={t('security.signInsHeading')} description={t('security.signInsDescription')}>
        <RecentSignIns />
      </Section>
    </Page>
  );
}
