import { Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { CenteredCard } from './CenteredCard';
import { RouterLink } from './links';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

export function NotFoundPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <CenteredCard title={t('notFound.title')}>
      <div className={styles.body}>
        <Title2 as="h1">{t('notFound.title')}</Title2>
        <Text as="p">{t('notFound.body')}</Text>
        <RouterLink to="/">{t('notFound.home')}</RouterLink>
      </div>
    </CenteredCard>
  );
}
