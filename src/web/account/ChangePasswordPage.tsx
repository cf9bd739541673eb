import { Breadcrumb, BreadcrumbButton, BreadcrumbDivider, BreadcrumbItem, Button, Card, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Page } from '../shared/Page';
import { useSpaClick } from '../shared/links';
import { ChangePasswordForm } from '../shared/password/ChangePasswordForm';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalXL, gap: tokens.spacingVerticalL, maxWidth: '560px' },
  muted: { color: tokens.colorNeutralForeground2 },
  breadcrumb: { marginInlineStart: `calc(-1 * ${tokens.spacingHorizontalS})` },
});

/** My account > Security & privacy > Password. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const spaClick = useSpaClick();
  return (
    <Page
      title={t('changePassword.title')}
      breadcrumb={
        <Breadcrumb aria-label={t('changePassword.breadcrumb')} className={styles.breadcrumb} size="small">
          <BreadcrumbItem>
            <BreadcrumbButton href="/account/security" onClick={(e) => spaClick(e, '/account/security')}>
              {t('security.title')}
            </BreadcrumbButton>
          </BreadcrumbItem>
          <BreadcrumbDivider />
          <BreadcrumbItem>
            <BreadcrumbButton current>{t('security.passwordHeading')}</BreadcrumbButton>
          </BreadcrumbItem>
        </Breadcrumb>
      }
    >
      <Card className={styles.card}>
        <Text as="p" className={styles.muted}>
          {t('changePassword.intro')}
        </Text>
        <ChangePasswordForm
          secondary={
            <Button as="a" href="/account/security" onClick={(e) => spaClick(e, '/account/security')}>
              {t('changePassword.cancel')}
            </Button>
          }
        />
      </Card>
    </Page>
  );
}
