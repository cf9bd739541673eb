import { Tab, TabList } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ReportPage, useReportStyles } from './parts';
import { usePasswordResetStyles } from './passwordResetParts';
import { RegistrationTab } from './PasswordResetRegistrationTab';
import { UsageTab } from './PasswordResetUsageTab';

/**
 * Reports > Password reset, as Entra's registration and usage reports: who has registered enough
 * methods to reset their own password, and every self-service reset with its outcome.
 */
export function PasswordResetReportPage() {
  const { t } = useTranslation();
  const styles = usePasswordResetStyles();
  const reportStyles = useReportStyles();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'usage' ? 'usage' : 'registration';
  const title = t('ssprReports.title');
  return (
    <ReportPage title={title} subtitle={t('ssprReports.subtitle')}>
      <TabList
        className={styles.tabs}
        selectedValue={tab}
        onTabSelect={(_, d) => setParams(d.value === 'usage' ? { tab: 'usage' } : {}, { replace: true })}
        aria-label={title}
      >
        <Tab value="registration">{t('ssprReports.registrationTab')}</Tab>
        <Tab value="usage">{t('ssprReports.usageTab')}</Tab>
      </TabList>
      <div className={reportStyles.surface} role="tabpanel" aria-label={tab === 'usage' ? t('ssprReports.usageTab') : t('ssprReports.registrationTab')}>
        {tab === 'usage' ? <UsageTab /> : <RegistrationTab />}
      </div>
    </ReportPage>
  );
}
