import type { TableColumnDefinition, TableColumnSizingOptions } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../shared/api';
import { useDateFormatter } from '../../shared/format';
import { Page } from '../../shared/Page';
import type { AuditEvent } from '../../../shared/reports.js';
import type { Page as ApiPage, Outcome } from '../../../shared/api.js';
import { SettingsBreadcrumb } from '../settings/SettingsBreadcrumb';
import { useDebounced } from '../useDebounced';
import { ActionFilter, AuditDetails, AuditOutcomeBadge } from './AuditDetails';
import { ChoiceFilter } from './filters';
import { DetailsLink, TextCell, column } from './cells';
import { actionLabel, dateRangeQuery } from './labels';
import { DateRangeFilter, DetailsDrawer, useReportStyles } from './parts';
import { ReportView, usePagedQuery } from './ReportGrid';

const sizing: TableColumnSizingOptions = {
  date: { idealWidth: 170, minWidth: 140 },
  activity: { idealWidth: 230, minWidth: 150 },
  outcome: { idealWidth: 110, minWidth: 90 },
  actor: { idealWidth: 220, minWidth: 130 },
  target: { idealWidth: 220, minWidth: 130 },
  ip: { idealWidth: 130, minWidth: 100 },
};

const NO_ACTION = { text: '', code: '' };
const NO_RANGE = { from: '', to: '' };

/**
 * Reports > Audit log: every administrative and security event, newest first, with filters on
 * activity (a known one from the list, or any action code typed), outcome and date; paging, CSV
 * export and a details panel that lists the event's details as text.
 */
export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const styles = useReportStyles();
  const format = useDateFormatter();
  const [actionInput, setActionInput] = useState(NO_ACTION);
  const action = useDebounced(actionInput.code.trim(), 300);
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [range, setRange] = useState(NO_RANGE);
  const [selected, setSelected] = useState<AuditEvent | null>(null);

  const filters = { action, outcome, ...dateRangeQuery(range.from, range.to) };
  const logs = usePagedQuery<ApiPage<AuditEvent>>(['reports', 'audit', filters], '/audit-logs', filters);
  const filtered = !!(action || outcome || range.from || range.to);

  const columns = useMemo<TableColumnDefinition<AuditEvent>[]>(
    () => [
      column('date', t('audit.date'), (e) => (
        <DetailsLink
          text={format(e.activityDateTime)}
          label={t('audit.openDetails', { activity: actionLabel(t, e.action), date: format(e.activityDateTime) })}
          onOpen={() => setSelected(e)}
        />
      )),
      column('activity', t('audit.activity'), (e) => <TextCell text={actionLabel(t, e.action)} title={e.action} />),
      column('outcome', t('audit.outcome'), (e) => <AuditOutcomeBadge outcome={e.outcome} />),
      column('actor', t('audit.initiatedBy'), (e) => <TextCell text={e.actorName} fallback={t('audit.system')} />),
      column('target', t('audit.target'), (e) => <TextCell text={e.targetName} />),
      column('ip', t('audit.ipAddress'), (e) => e.ipAddress ?? '—'),
    ],
    // format only depends on the language, which `t` and `i18n.language` follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language],
  );

  return (
    <Page title={t('audit.title')} subtitle={t('audit.subtitle')} breadcrumb={<SettingsBreadcrumb items={[{ label: t('nav.reports') }, { label: t('audit.title') }]} />}>
      <div className={styles.surface}>
        <ReportView
          query={logs}
          csv={{ href: apiUrl('/audit-logs.csv', filters), name: 'audit-log.csv' }}
          filtered={filtered}
          clearable={filtered || !!actionInput.text}
          onClear={() => {
            setActionInput(NO_ACTION);
            setOutcome('');
            setRange(NO_RANGE);
          }}
          filters={
            <>
              <ActionFilter text={actionInput.text} code={actionInput.code} onChange={setActionInput} />
              <ChoiceFilter
                label={t('audit.outcome')}
                value={outcome}
                onChange={setOutcome}
                options={[
                  { value: 'success', text: t('audit.success') },
                  { value: 'failure', text: t('audit.failure') },
                ]}
              />
              <DateRangeFilter from={range.from} to={range.to} onChange={setRange} />
            </>
          }
          columns={columns}
          sizing={sizing}
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
    </Page>
  );
}
