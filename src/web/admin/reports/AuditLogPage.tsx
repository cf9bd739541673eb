import {
  Badge,
  Button,
  Combobox,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  Dropdown,
  Field,
  InfoLabel,
  Link,
  Option,
  Spinner,
  Subtitle2,
  TableCellLayout,
  Text,
  Toolbar,
  ToolbarButton,
  createTableColumn,
} from '@fluentui/react-components';
import type { LabelProps, TableColumnDefinition, TableColumnSizingOptions } from '@fluentui/react-components';
import { ArrowClockwiseRegular, ArrowDownloadRegular } from '@fluentui/react-icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeUserAgent } from '../../account/userAgent';
import { apiFetch, apiUrl } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { useDateFormatter } from '../../shared/format';
import { Page } from '../../shared/Page';
import type { AuditEvent, Page as ApiPage, Outcome } from '../../shared/types';
import { SettingsBreadcrumb } from '../settings/SettingsBreadcrumb';
import { useDebounced } from '../useDebounced';
import { KNOWN_ACTIONS, actionLabel, dateRangeQuery } from './labels';
import { DateRangeFilter, DetailsDrawer, DetailsList, LoadMoreFooter, useReportStyles } from './parts';

const PAGE_SIZE = 50;

const sizing: TableColumnSizingOptions = {
  date: { idealWidth: 170, minWidth: 140 },
  activity: { idealWidth: 230, minWidth: 150 },
  outcome: { idealWidth: 110, minWidth: 90 },
  actor: { idealWidth: 220, minWidth: 130 },
  target: { idealWidth: 220, minWidth: 130 },
  ip: { idealWidth: 130, minWidth: 100 },
};

function OutcomeBadge({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  return outcome === 'success' ? (
    <Badge appearance="tint" color="success">{t('audit.success')}</Badge>
  ) : (
    <Badge appearance="tint" color="danger">{t('audit.failure')}</Badge>
  );
}

/** A value from an event's details as plain text: strings as they are, everything else as JSON. */
export function detailText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * Reports > Audit log: every administrative and security event, newest first, with filters on
 * activity (a known one from the list, or any action code typed), outcome and date; paging, CSV
 * export and a details panel that lists the event's details as text.
 */
export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const styles = useReportStyles();
  const format = useDateFormatter();
  const [actionText, setActionText] = useState('');
  const [actionCode, setActionCode] = useState('');
  const action = useDebounced(actionCode.trim(), 300);
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [range, setRange] = useState({ from: '', to: '' });
  const [selected, setSelected] = useState<AuditEvent | null>(null);

  const filters = { action, outcome, ...dateRangeQuery(range.from, range.to) };
  const logs = useInfiniteQuery({
    queryKey: ['reports', 'audit', filters],
    queryFn: ({ pageParam, signal }) => apiFetch<ApiPage<AuditEvent>>('/audit-logs', { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
  const items = logs.data?.pages.flatMap((p) => p.items) ?? [];
  const refreshing = logs.isFetching && !logs.isFetchingNextPage;
  const filtered = !!(action || outcome || range.from || range.to);

  const columns = useMemo<TableColumnDefinition<AuditEvent>[]>(
    () => [
      createTableColumn<AuditEvent>({
        columnId: 'date',
        renderHeaderCell: () => t('audit.date'),
        renderCell: (e) => (
          <Link as="button" type="button" className={styles.nowrap} onClick={() => setSelected(e)} aria-label={t('audit.openDetails', { activity: actionLabel(t, e.action), date: format(e.activityDateTime) })}>
            {format(e.activityDateTime)}
          </Link>
        ),
      }),
      createTableColumn<AuditEvent>({
        columnId: 'activity',
        renderHeaderCell: () => t('audit.activity'),
        renderCell: (e) => (
          <TableCellLayout truncate title={e.action}>
            {actionLabel(t, e.action)}
          </TableCellLayout>
        ),
      }),
      createTableColumn<AuditEvent>({ columnId: 'outcome', renderHeaderCell: () => t('audit.outcome'), renderCell: (e) => <OutcomeBadge outcome={e.outcome} /> }),
      createTableColumn<AuditEvent>({
        columnId: 'actor',
        renderHeaderCell: () => t('audit.initiatedBy'),
        renderCell: (e) => (
          <TableCellLayout truncate title={e.actorName ?? undefined}>
            {e.actorName ?? <span className={styles.muted}>{t('audit.system')}</span>}
          </TableCellLayout>
        ),
      }),
      createTableColumn<AuditEvent>({
        columnId: 'target',
        renderHeaderCell: () => t('audit.target'),
        renderCell: (e) => (
          <TableCellLayout truncate title={e.targetName ?? undefined}>
            {e.targetName ?? '—'}
          </TableCellLayout>
        ),
      }),
      createTableColumn<AuditEvent>({ columnId: 'ip', renderHeaderCell: () => t('audit.ipAddress'), renderCell: (e) => e.ipAddress ?? '—' }),
    ],
    // format only depends on the language, which `t` and `i18n.language` follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language, styles],
  );

  const csv = apiUrl('/audit-logs.csv', filters);
  const details = selected ? Object.entries(selected.details) : [];

  return (
    <Page title={t('audit.title')} subtitle={t('audit.subtitle')} breadcrumb={<SettingsBreadcrumb items={[{ label: t('nav.reports') }, { label: t('audit.title') }]} />}>
      <div className={styles.surface}>
        <div className={styles.commandBar}>
          <Toolbar aria-label={t('reports.commands')} className={styles.toolbar}>
            <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void logs.refetch()} disabled={refreshing}>
              {t('reports.refresh')}
            </ToolbarButton>
            <Button as="a" appearance="subtle" href={csv} download="audit-log.csv" icon={<ArrowDownloadRegular />}>
              {t('reports.download')}
            </Button>
          </Toolbar>
        </div>
        <div className={styles.filters} role="group" aria-label={t('reports.filters')}>
          <Field
            label={{
              children: (_: unknown, props: LabelProps) => (
                <InfoLabel {...props} info={t('audit.activityHint')}>
                  {t('audit.activity')}
                </InfoLabel>
              ),
            }}
          >
            <Combobox
              className={styles.filter}
              freeform
              clearable
              placeholder={t('audit.allActivities')}
              value={actionText}
              selectedOptions={actionCode && (KNOWN_ACTIONS as readonly string[]).includes(actionCode) ? [actionCode] : []}
              onChange={(e) => {
                // Typed text is an action code (the list offers the known ones by name).
                const typed = e.target.value;
                const known = KNOWN_ACTIONS.find((a) => actionLabel(t, a).toLowerCase() === typed.trim().toLowerCase());
                setActionText(typed);
                setActionCode(known ?? typed);
              }}
              onOptionSelect={(_, d) => {
                setActionCode(d.optionValue ?? '');
                setActionText(d.optionValue ? actionLabel(t, d.optionValue) : '');
              }}
            >
              {KNOWN_ACTIONS.map((a) => (
                <Option key={a} value={a} text={actionLabel(t, a)}>
                  {actionLabel(t, a)}
                </Option>
              ))}
            </Combobox>
          </Field>
          <Field label={t('audit.outcome')}>
            <Dropdown
              className={styles.filter}
              value={outcome ? t(`audit.${outcome}`) : t('reports.all')}
              selectedOptions={[outcome]}
              onOptionSelect={(_, d) => setOutcome((d.optionValue ?? '') as Outcome | '')}
            >
              <Option value="">{t('reports.all')}</Option>
              <Option value="success">{t('audit.success')}</Option>
              <Option value="failure">{t('audit.failure')}</Option>
            </Dropdown>
          </Field>
          <DateRangeFilter from={range.from} to={range.to} onChange={setRange} />
          {filtered || actionText ? (
            <Button
              appearance="subtle"
              onClick={() => {
                setActionText('');
                setActionCode('');
                setOutcome('');
                setRange({ from: '', to: '' });
              }}
            >
              {t('reports.clearFilters')}
            </Button>
          ) : null}
        </div>
        {logs.isError ? <ErrorBar error={logs.error} onRetry={() => void logs.refetch()} /> : null}
        {logs.isPending ? (
          <Spinner label={t('app.loading')} />
        ) : items.length === 0 && !logs.isError ? (
          <Text as="p" className={styles.empty} role="status">
            {filtered ? t('reports.emptyFiltered') : t('audit.empty')}
          </Text>
        ) : items.length ? (
          <div className={styles.scroll} aria-busy={refreshing}>
            <DataGrid items={items} columns={columns} getRowId={(e: AuditEvent) => e.id} resizableColumns columnSizingOptions={sizing} aria-label={t('audit.gridLabel')} focusMode="composite">
              <DataGridHeader>
                <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
              </DataGridHeader>
              <DataGridBody<AuditEvent>>
                {({ item, rowId }) => (
                  <DataGridRow<AuditEvent> key={rowId} className={styles.row} onClick={() => setSelected(item)}>
                    {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
                  </DataGridRow>
                )}
              </DataGridBody>
            </DataGrid>
          </div>
        ) : null}
        <LoadMoreFooter
          count={items.length}
          countText={t('audit.count', { count: items.length })}
          hasMore={!!logs.hasNextPage}
          loadingMore={logs.isFetchingNextPage}
          refreshing={refreshing && !logs.isPending}
          onMore={() => void logs.fetchNextPage()}
        />
      </div>
      <DetailsDrawer open={!!selected} title={t('audit.detailsTitle')} onClose={() => setSelected(null)} testId="audit-details">
        {selected ? (
          <>
            <DetailsList
              rows={[
                { label: t('audit.date'), value: format(selected.activityDateTime) },
                { label: t('audit.activity'), value: actionLabel(t, selected.action) },
                { label: t('audit.activityCode'), value: <span className={styles.code}>{selected.action}</span> },
                { label: t('audit.outcome'), value: <OutcomeBadge outcome={selected.outcome} /> },
                { label: t('audit.initiatedBy'), value: selected.actorName ?? t('audit.system') },
                { label: t('audit.actorId'), value: selected.actorId },
                { label: t('audit.target'), value: selected.targetName },
                { label: t('audit.targetId'), value: selected.targetId },
                { label: t('audit.ipAddress'), value: selected.ipAddress },
                { label: t('audit.device'), value: describeUserAgent(selected.userAgent) },
                { label: t('audit.userAgent'), value: selected.userAgent },
                { label: t('audit.correlationId'), value: selected.correlationId ? <span className={styles.code}>{selected.correlationId}</span> : null },
                { label: t('audit.id'), value: <span className={styles.code}>{selected.id}</span> },
              ]}
            />
            <Subtitle2 as="h3">{t('audit.additionalDetails')}</Subtitle2>
            {details.length ? (
              <DetailsList label={t('audit.additionalDetails')} rows={details.map(([key, value]) => ({ label: key, value: detailText(value) }))} />
            ) : (
              <Text className={styles.muted}>{t('audit.noDetails')}</Text>
            )}
          </>
        ) : null}
      </DetailsDrawer>
    </Page>
  );
}
