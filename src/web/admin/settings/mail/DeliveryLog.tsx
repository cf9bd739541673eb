import { Link, TableCellLayout, mergeClasses } from '@fluentui/react-components';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mailStatuses } from '../../../../shared/mail.js';
import type { MailDeliveries, MailDelivery, MailStatus } from '../../../../shared/mail.js';
import { useDateFormatter } from '../../../shared/format';
import { ChoiceFilter } from '../../reports/filters';
import { DateCell, column } from '../../reports/cells';
import type { ReportColumn } from '../../reports/cells';
import { DetailsDrawer, useReportStyles } from '../../reports/parts';
import { ReportView } from '../../reports/ReportGrid';
import { DeliveryDetails } from './DeliveryDetails';
import { StatusBadge, useMailStyles } from './mailParts';
import { templateLabel } from './templateLabel';

interface Props {
  query: UseInfiniteQueryResult<InfiniteData<MailDeliveries>, Error>;
  status: MailStatus | '';
  onStatus: (s: MailStatus | '') => void;
  onOpenInMailbox?: (d: MailDelivery) => void;
}

/** The delivery log of the notification outbox, newest first, with a status filter and a details panel. */
export function DeliveryLog({ query, status, onStatus, onOpenInMailbox }: Props) {
  const { t, i18n } = useTranslation();
  const styles = useMailStyles();
  const report = useReportStyles();
  const format = useDateFormatter();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const selected = items.find((d) => d.id === selectedId) ?? null;

  const columns = useMemo<ReportColumn<MailDelivery>[]>(
    () => [
      column(
        'recipient',
        t('mail.recipient'),
        (d) => (
          <TableCellLayout truncate title={d.recipient}>
            <Link as="button" type="button" onClick={() => setSelectedId(d.id)} aria-label={t('mail.openDetails', { recipient: d.recipient })}>
              {d.recipient}
            </Link>
          </TableCellLayout>
        ),
        [260, 160],
      ),
      column(
        'subject',
        t('mail.subject'),
        (d) => (
          <div className={styles.subject} title={d.subject ?? undefined}>
            <span className={styles.ellipsis}>{d.subject ?? '—'}</span>
            <span className={mergeClasses(styles.template, styles.ellipsis)} title={d.template}>
              {templateLabel(t, d.template)}
            </span>
          </div>
        ),
        [300, 180],
      ),
      column('status', t('mail.status'), (d) => <StatusBadge status={d.status} />, [110, 90]),
      column('attempts', t('mail.attempts'), (d) => d.attempts, [90, 70]),
      column('created', t('mail.created'), (d) => <DateCell text={format(d.createdDateTime)} />, [160, 130]),
      column('sent', t('mail.sent'), (d) => <DateCell text={format(d.sentDateTime)} />, [160, 130]),
      column(
        'lastError',
        t('mail.lastError'),
        (d) => (
          <TableCellLayout truncate title={d.lastError ?? undefined}>
            {d.lastError ? <span className={styles.error}>{d.lastError}</span> : '—'}
          </TableCellLayout>
        ),
        [220, 120],
      ),
    ],
    // format only depends on the language, which `t` and `i18n.language` follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language, styles],
  );

  return (
    <div className={report.surface}>
      <ReportView
        query={query}
        commandsLabel={t('mail.commands')}
        filters={
          <ChoiceFilter
            label={t('mail.status')}
            value={status}
            onChange={onStatus}
            allText={t('mail.allStatuses')}
            options={mailStatuses.map((s) => ({ value: s, text: t(`mail.statuses.${s}`) }))}
          />
        }
        columns={columns}
        getRowId={(d) => d.id}
        gridLabel={t('mail.deliveries')}
        emptyText={t('mail.empty')}
        filtered={!!status}
        filteredText={t('mail.emptyStatus')}
        countText={(count) => t('mail.count', { count })}
        onRowClick={(d) => setSelectedId(d.id)}
      />
      <DetailsDrawer open={!!selected} title={t('mail.detailsTitle')} onClose={() => setSelectedId(null)} testId="delivery-details">
        {selected ? <DeliveryDetails delivery={selected} onOpenInMailbox={onOpenInMailbox} /> : null}
      </DetailsDrawer>
    </div>
  );
}
