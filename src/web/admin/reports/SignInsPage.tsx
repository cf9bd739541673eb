import { TableCellLayout } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { deviceLabel } from '../../../shared/user-agent.js';
import { apiUrl } from '../../shared/api';
import { useDateFormatter } from '../../shared/format';
import { signInReasons } from '../../../shared/reports.js';
import type { Page as ApiPage, Outcome } from '../../../shared/api.js';
import type { SignInEvent, SignInReason } from '../../../shared/reports.js';
import { ChoiceFilter, OutcomeFilter, useFilterValues } from './filters';
import { DetailsLink, OutcomeBadge, TextCell, column } from './cells';
import type { ReportColumn } from './cells';
import { dateRangeQuery, reasonLabel } from './labels';
import { DateRangeFilter, DetailsDrawer, DetailsList, ReportPage, useReportStyles } from './parts';
import { ReportView, usePagedQuery } from './ReportGrid';

/** The result of a sign-in as a badge: green for success, red for failure. */
export function ResultBadge({ result }: { result: Outcome }) {
  const { t } = useTranslation();
  return <OutcomeBadge outcome={result} success={t('signIns.success')} failure={t('signIns.failure')} />;
}

/**
 * Reports > Sign-ins, as Entra's sign-in logs: every attempt, newest first, with filters on result,
 * reason and date; paging by cursor; CSV export of the same filters; a details panel per row.
 */
export function SignInsPage() {
  const { t, i18n } = useTranslation();
  const styles = useReportStyles();
  const format = useDateFormatter();
  const f = useFilterValues<{ result: Outcome | ''; reason: SignInReason | ''; from: string; to: string }>({ result: '', reason: '', from: '', to: '' });
  const { result, reason } = f.values;
  const [selected, setSelected] = useState<SignInEvent | null>(null);

  const filters = { result, reason, ...dateRangeQuery(f.values.from, f.values.to) };
  const logs = usePagedQuery<ApiPage<SignInEvent>>(['reports', 'sign-ins', filters], '/sign-in-logs', filters);

  const columns = useMemo<ReportColumn<SignInEvent>[]>(
    () => [
      column(
        'date',
        t('signIns.date'),
        (e) => (
          <DetailsLink text={format(e.createdDateTime)} label={t('signIns.openDetails', { date: format(e.createdDateTime) })} onOpen={() => setSelected(e)} />
        ),
        [170, 140],
      ),
      column('user', t('signIns.user'), (e) => <TextCell text={e.userPrincipalName} fallback={t('signIns.unknown')} />, [230, 150]),
      column('result', t('signIns.result'), (e) => <ResultBadge result={e.result} />, [110, 90]),
      column('reason', t('signIns.reason'), (e) => <TableCellLayout truncate>{reasonText(t, e)}</TableCellLayout>, [200, 140]),
      column('ip', t('signIns.ipAddress'), (e) => e.ipAddress ?? '—', [130, 100]),
      column(
        'device',
        t('signIns.device'),
        (e) => <TextCell text={deviceLabel(e.userAgent)} title={e.userAgent} fallback={t('signIns.unknownDevice')} />,
        [160, 110],
      ),
      column('familiar', t('signIns.familiarDevice'), (e) => (e.familiarDevice ? t('reports.yes') : t('reports.no')), [150, 120]),
    ],
    // format only depends on the language, which `t` and `i18n.language` follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language],
  );

  return (
    <ReportPage title={t('signIns.title')} subtitle={t('signIns.subtitle')}>
      <div className={styles.surface}>
        <ReportView
          query={logs}
          csv={{ href: apiUrl('/sign-in-logs.csv', filters), name: 'sign-ins.csv' }}
          filtered={f.on}
          onClear={f.clear}
          filters={
            <>
              <OutcomeFilter
                label={t('signIns.result')}
                value={result}
                onChange={(v) => f.update({ result: v })}
                success={t('signIns.success')}
                failure={t('signIns.failure')}
              />
              <ChoiceFilter
                label={t('signIns.reason')}
                value={reason}
                onChange={(v) => f.update({ reason: v })}
                options={signInReasons.map((r) => ({ value: r, text: reasonLabel(t, r) }))}
              />
              <DateRangeFilter from={f.values.from} to={f.values.to} onChange={f.update} />
            </>
          }
          columns={columns}
          getRowId={(e) => e.id}
          gridLabel={t('signIns.gridLabel')}
          emptyText={t('signIns.empty')}
          countText={(count) => t('signIns.count', { count })}
          onRowClick={setSelected}
        />
      </div>
      <DetailsDrawer open={!!selected} title={t('signIns.detailsTitle')} onClose={() => setSelected(null)} testId="sign-in-details">
        {selected ? <SignInDetails event={selected} /> : null}
      </DetailsDrawer>
    </ReportPage>
  );
}

/** The reason, with the count of refusals an aggregated row stands for. */
function reasonText(t: TFunction, e: SignInEvent): string {
  const reason = reasonLabel(t, e.reason);
  return e.attempts > 1 ? t('signIns.reasonWithAttempts', { reason, count: e.attempts }) : reason;
}

function SignInDetails({ event: e }: { event: SignInEvent }) {
  const { t } = useTranslation();
  const styles = useReportStyles();
  const format = useDateFormatter();
  const code = (text: string | null) => (text ? <span className={styles.code}>{text}</span> : null);
  return (
    <DetailsList
      rows={[
        { label: t('signIns.date'), value: format(e.createdDateTime) },
        { label: t('signIns.user'), value: e.userPrincipalName },
        { label: t('signIns.userId'), value: e.userId },
        { label: t('signIns.result'), value: <ResultBadge result={e.result} /> },
        { label: t('signIns.reason'), value: reasonLabel(t, e.reason) },
        // Rate-limited refusals are one row per account or address and 10 minutes, with a count.
        ...(e.attempts > 1
          ? [
              { label: t('signIns.attempts'), value: String(e.attempts) },
              { label: t('signIns.lastDate'), value: e.lastDateTime ? format(e.lastDateTime) : null },
            ]
          : []),
        { label: t('signIns.reasonCode'), value: code(e.reason) },
        { label: t('signIns.ipAddress'), value: e.ipAddress },
        { label: t('signIns.device'), value: deviceLabel(e.userAgent) },
        { label: t('signIns.userAgent'), value: e.userAgent },
        { label: t('signIns.familiarDevice'), value: e.familiarDevice ? t('reports.yes') : t('reports.no') },
        { label: t('signIns.correlationId'), value: code(e.correlationId) },
        { label: t('signIns.id'), value: code(e.id) },
      ]}
    />
  );
}
