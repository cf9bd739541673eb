import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Page } from '../shared/Page';
import { RouterLink } from '../shared/links';

/** Placeholder: the change-password form comes with a later issue. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('changePassword.title')}>
      <MessageBar intent="info">
        <MessageBarBody>{t('changePassword.comingSoon')}</MessageBarBody>
      </MessageBar>
      <RouterLink to="/account/security">{t('changePassword.back')}</RouterLink>
    </Page>
  );
}
