import { Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { CenteredCard } from '../shared/CenteredCard';
import { RouterLink } from '../shared/links';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

/** Placeholder until self-service password reset exists. */
export function RecoverPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <CenteredCard title={t('recover.title')}>
      <div className={styles.body}>
        <Title2 as="h1">{t('recover.title')}</Title2>
        <Text as="p">{t('recover.body')}</Text>
        <RouterLink to="/sign-in">{t('recover.back')}</RouterLink>
      </div>
    </CenteredCard>
  );
}
