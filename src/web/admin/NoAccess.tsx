import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Page } from '../shared/Page';

export function NoAccess() {
  const { t } = useTranslation();
  return (
    <Page title={t('admin.noAccessTitle')}>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t('admin.noAccessTitle')}</MessageBarTitle>
          {t('admin.noAccessBody')}
        </MessageBarBody>
      </MessageBar>
    </Page>
  );
}
