import { Button, Card, CardFooter, CardHeader, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { PeopleRegular, PersonRegular, KeyResetRegular } from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../shared/Page';
import { useSpaClick } from '../shared/links';
import { hasPermission, useMe } from '../shared/session';
import { PERMISSIONS } from '../../shared/roles.js';

const useStyles = makeStyles({
  intro: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  welcome: { color: tokens.colorNeutralForeground2 },
  grid: { display: 'grid', gap: tokens.spacingHorizontalL, gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 360px))' },
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  icon: { fontSize: '28px', color: tokens.colorBrandForeground1 },
});

interface HomeCard {
  id: string;
  icon: ReactElement;
  title: string;
  body: string;
  action: string;
  to: string;
}

export function AdminHomePage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { data: me } = useMe();
  const spaClick = useSpaClick();
  const cards: HomeCard[] = [];
  if (hasPermission(me, PERMISSIONS.usersRead)) {
    cards.push({
      id: 'users',
      icon: <PeopleRegular className={styles.icon} />,
      title: t('admin.usersCardTitle'),
      body: t('admin.usersCardBody'),
      action: t('admin.usersCardAction'),
      to: '/admin/users',
    });
  }
  if (hasPermission(me, PERMISSIONS.ssprSettings)) {
    cards.push({
      id: 'sspr',
      icon: <KeyResetRegular className={styles.icon} />,
      title: t('admin.ssprCardTitle'),
      body: t('admin.ssprCardBody'),
      action: t('admin.ssprCardAction'),
      to: '/admin/settings/self-service-password-reset',
    });
  }
  cards.push({
    id: 'account',
    icon: <PersonRegular className={styles.icon} />,
    title: t('admin.accountCardTitle'),
    body: t('admin.accountCardBody'),
    action: t('admin.accountCardAction'),
    to: '/account',
  });

  return (
    <Page title={t('admin.homeTitle')}>
      <div className={styles.intro}>
        <Subtitle2 as="h2">{t('admin.welcome')}</Subtitle2>
        <Text as="p" className={styles.welcome}>
          {t('admin.welcomeBody')}
        </Text>
      </div>
      <div className={styles.grid}>
        {cards.map((card) => (
          <Card key={card.id} className={styles.card} aria-labelledby={`card-${card.id}`}>
            <CardHeader
              image={card.icon}
              header={
                <Subtitle2 as="h3" id={`card-${card.id}`}>
                  {card.title}
                </Subtitle2>
              }
            />
            <Text as="p">{card.body}</Text>
            <CardFooter>
              <Button as="a" href={card.to} appearance="primary" onClick={(e) => spaClick(e, card.to)}>
                {card.action}
              </Button>
            </CardFooter>
          </Card>
        ))}
      </div>
    </Page>
  );
}
