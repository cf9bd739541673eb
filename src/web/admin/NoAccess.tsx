import { useTranslation } from 'react-i18next';
import { Notice } from '../shared/Notice';
import { Page } from '../shared/Page';

export function NoAccess() {
  const { t } = useTranslation();
  return (
    <Page title={t('admin.noAccessTitle')}>
      <Notice intent="warning" title={t('admin.noAccessTitle')}>
        {t('admin.noAccessBody')}
      </Notice>
    </Page>
  );
}
