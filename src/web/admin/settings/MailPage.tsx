import { MessageBar, MessageBarBody, Tab, TabList } from '@fluentui/react-components';
import { MailInboxRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailDeliveries, MailStatus } from '../../../shared/mail.js';
import { Page } from '../../shared/Page';
import { usePagedQuery } from '../reports/ReportGrid';
import { DeliveryLog } from './mail/DeliveryLog';
import { DevMailbox } from './mail/DevMailbox';
import type { MailToOpen } from './mail/mailParts';
import { SettingsBreadcrumb } from './SettingsBreadcrumb';

/** The outbox pages with `before`, the creation time of the last delivery shown. */
const beforePaging = { param: 'before', next: (page: MailDeliveries) => page.nextBefore };

/**
 * Settings > Mail (`mail:read`): the delivery log of the notification outbox (queued, sent,
 * failed with the reason, each retry) and, when no SMTP server is configured, the dev mailbox
 * that keeps the mail instead. Mail is shown as its text version only, never as HTML.
 */
export function MailPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'deliveries' | 'mailbox'>('deliveries');
  const [openMail, setOpenMail] = useState<MailToOpen | null>(null);
  const [status, setStatus] = useState<MailStatus | ''>('');

  const deliveries = usePagedQuery<MailDeliveries>(['mail', 'deliveries', { status }], '/mail/deliveries', { status }, beforePaging);
  const transport = deliveries.data?.pages[0]?.transport;
  const devMailbox = transport === 'dev-mailbox';

  return (
    <Page
      title={t('mail.title')}
      subtitle={t('mail.subtitle')}
      breadcrumb={<SettingsBreadcrumb items={[{ label: t('nav.settings') }, { label: t('mail.title') }]} />}
    >
      {devMailbox ? (
        <MessageBar intent="info" layout="multiline" data-testid="dev-mailbox-notice">
          <MessageBarBody>{t('mail.devMailboxNotice')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {devMailbox ? (
        <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as 'deliveries' | 'mailbox')} aria-label={t('mail.title')}>
          <Tab value="deliveries">{t('mail.deliveries')}</Tab>
          <Tab value="mailbox" icon={<MailInboxRegular />}>
            {t('mail.devMailbox')}
          </Tab>
        </TabList>
      ) : null}
      {tab === 'mailbox' && devMailbox ? (
        <DevMailbox open={openMail} />
      ) : (
        <DeliveryLog
          query={deliveries}
          status={status}
          onStatus={setStatus}
          onOpenInMailbox={
            devMailbox
              ? (d) => {
                  setOpenMail({ recipient: d.recipient, subject: d.subject, after: d.createdDateTime });
                  setTab('mailbox');
                }
              : undefined
          }
        />
      )}
    </Page>
  );
}
