import { Spinner, Subtitle2, Text, mergeClasses } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DevMail } from '../../../../shared/mail.js';
import { apiFetch } from '../../../shared/api';
import { ErrorBar } from '../../../shared/ErrorBar';
import { useDateFormatter } from '../../../shared/format';
import { DetailsList, useReportStyles } from '../../reports/parts';
import { ReportCommandBar } from '../../reports/ReportGrid';
import type { MailToOpen } from './mailParts';
import { useMailStyles } from './mailParts';

/** The dev mailbox: messages on the left, the selected one's text version on the right. */
export function DevMailbox({ open }: { open: MailToOpen | null }) {
  const { t } = useTranslation();
  const styles = useMailStyles();
  const report = useReportStyles();
  const format = useDateFormatter();
  const mailbox = useQuery({
    queryKey: ['mail', 'dev-mailbox'],
    queryFn: ({ signal }) => apiFetch<{ enabled: boolean; items: DevMail[] }>('/mail/dev-mailbox', { query: { limit: 200 }, signal }),
  });
  const items = mailbox.data?.items ?? [];
  // Opened from a delivery: the oldest message to that recipient with that subject since it was queued.
  const fromDelivery = open
    ? [...items].reverse().find((m) => m.recipient === open.recipient && (!open.subject || m.subject === open.subject) && m.createdDateTime >= open.after)
    : undefined;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = items.find((m) => m.id === selectedId) ?? fromDelivery ?? null;

  return (
    <div className={report.surface}>
      <ReportCommandBar label={t('mail.commands')} onRefresh={() => void mailbox.refetch()} refreshing={mailbox.isFetching} />
      {mailbox.isError ? <ErrorBar error={mailbox.error} onRetry={() => void mailbox.refetch()} /> : null}
      {mailbox.isPending ? (
        <Spinner label={t('app.loading')} />
      ) : !items.length ? (
        <Text as="p" className={report.empty} role="status">
          {t('mail.mailboxEmpty')}
        </Text>
      ) : (
        <div className={styles.mailbox}>
          <ul className={styles.messages} aria-label={t('mail.messages')}>
            {items.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  className={mergeClasses(styles.message, selected?.id === m.id && styles.messageSelected)}
                  aria-current={selected?.id === m.id ? 'true' : undefined}
                  onClick={() => setSelectedId(m.id)}
                >
                  <span className={styles.messageSubject}>{m.subject}</span>
                  <span className={styles.messageMeta}>
                    {m.recipient} · {format(m.createdDateTime)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <section className={styles.reader} aria-label={t('mail.reader')} data-testid="mail-reader">
            {selected ? (
              <>
                <Subtitle2 as="h2">{selected.subject}</Subtitle2>
                <DetailsList
                  rows={[
                    { label: t('mail.to'), value: selected.recipient },
                    { label: t('mail.received'), value: format(selected.createdDateTime) },
                  ]}
                />
                <Text weight="semibold">{t('mail.textVersion')}</Text>
                {/* The text version only: the HTML version is never rendered here. */}
                <pre className={styles.body}>{selected.text}</pre>
              </>
            ) : (
              <Text as="p" className={styles.placeholder}>
                {t('mail.selectMessage')}
              </Text>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
