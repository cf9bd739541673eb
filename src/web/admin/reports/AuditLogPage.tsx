import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../shared/api';
import { useDateFormatter } from '../../shared/format';
import type { AuditEvent } from '../../../shared/reports.js';
import type { Page as ApiPage, Outcome } from '../../../shared/api.js';
import { useDebounced } from '../useDebounced';
import { ActionFilter, AuditDetails, AuditOutcomeBadge } from './AuditDetails';
import { OutcomeFilter, useFilterValues } from './filters';
import { DetailsLink, TextCell, column } from './cells';
import type { ReportColumn } from './cells';
import { actionLabel, dateRangeQuery, initiatorLabel } from './labels';
import { DateRangeFilter, DetailsDrawer, ReportPage, useReportStyles } from './parts';
import { ReportView, usePagedQuery } from './ReportGrid';

/**
 * Reports > Audit log: every administrative and security event, newest first, with filters on
 * activity (a known one from the list, or any action code typed), outcome and date; paging, CSV
 * export and a details panel that lists the event's details as text.
 */
export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const styles = useReportStyles();
  const format = useDateFormatter();
  const f = useFilterValues<{ actionText: string; actionCode: string; outcome: Outcome | ''; from: string; to: string }>({
    actionText: '',
    actionCode: '',
    outcome: '',
    from: '',
    to: '',
  });
  const { actionText, actionCode, outcome, from, to } = f.values;
  const action = useDebounced(actionCode.trim(), 300);
  const [selected, setSelected] = useState<AuditEvent | null>(null);

  const filters = { action, outcome, ...dateRangeQuery(from, to) };
  const logs = usePagedQuery<ApiPage<AuditEvent>>(['reports', 'audit', filters], '/audit-logs', filters);
  const filtered = !!(action || outcome || from || to);

  const columns = useMemo<ReportColumn<AuditEvent>[]>(
    () => [
      column(
        'date',
        t('audit.date'),
        (e) => (
          <DetailsLink
            text={format(e.activityDateTime)}
            label={t('audit.openDetails', { activity: actionLabel(t, e.action), date: format(e.activityDateTime) })}
            onOpen={() => setSelected(e)}
          />
        ),
        [170, 140],
      ),
      column('activity', t('audit.activity'), (e) => <TextCell text={actionLabel(t, e.action)} title={e.action} />, [230, 150]),
      column('outcome', t('audit.outcome'), (e) => <AuditOutcomeBadge outcome={e.outcome} />, [110, 90]),
      column('actor', t('audit.initiatedBy'), (e) => <TextCell text={initiatorLabel(t, e)} />, [220, 130]),
      column('target', t('audit.target'), (e) => <TextCell text={e.targetName} />, [220, 130]),
      column('ip', t('audit.ipAddress'), (e) => e.ipAddress ?? '—', [130, 100]),
    ],
    // format only depends on the language, which `t` and `i18n.language` follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language],
  );

  return (
    <ReportPage title={t('audit.title')} subtitle={t('audit.subtitle')}>
      <div className={styles.surface}>
        <ReportView
          query={logs}
          csv={{ href: apiUrl('/audit-logs.csv', filters), name: 'audit-log.csv' }}
          filtered={filtered}
          clearable={filtered || !!actionText}
          onClear={f.clear}
          filters={
            <>
              <ActionFilter text={actionText} code={actionCode} onChange={({ text, code }) => f.update({ actionText: text, actionCode: code })} />
              <OutcomeFilter
                label={t('audit.outcome')}
                value={outcome}
                onChange={(v) => f.update({ outcome: v })}
                success={t('audit.success')}
                failure={t('audit.failure')}
              />
              <DateRangeFilter from={from} to={to} onChange={f.update} />
            </>
          }
          columns={columns}
          getRowId={(e) => e.id}
          gridLabel={t('audit.gridLabel')}
          emptyText={t('audit.empty')}
          countText={(count) => t('audit.count', { count })}
          onRowClick={setSelected}
        />
      </div>
      <DetailsDrawer open={!!selected} title={t('audit.detailsTitle')} onClose={() => setSelected(null)} testId="audit-details">
        {selected ? <AuditDetails event={selected} /> : null}
      </DetailsDrawer>
    </ReportPage>
  );
}
