import {
  Badge,
  Button,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  Dropdown,
  Field,
  Link,
  Option,
  Spinner,
  TableCellLayout,
  Text,
  Toolbar,
  ToolbarButton,
  createTableColumn,
} from '@fluentui/react-components';
import type { TableColumnDefinition, TableColumnSizingOptions } from '@fluentui/react-components';
import { ArrowClockwiseRegular, ArrowDownloadRegular } from '@fluentui/react-icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeUserAgent } from '../../account/userAgent';
import { apiFetch, apiUrl } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { useDateFormatter } from '../../shared/format';
import { Page } from '../../shared/Page';
import { SIGN_IN_REASONS } from '../../shared/types';
import type { Page as ApiPage, Outcome, SignInEvent, SignInReason } from '../../shared/types';
import { SettingsBreadcrumb } from '../settings/SettingsBreadcrumb';
import { dateRangeQuery, reasonLabel } from './labels';
import { DateRangeFilter, DetailsDrawer, DetailsList, LoadMoreFooter, useReportStyles } from './parts';

const PAGE_SIZE = 50;

const sizing: TableColumnSizingOptions = {
  date: { idealWidth: 170, minWidth: 140 },
  user: { idealWidth: 230, minWidth: 150 },
  result: { idealWidth: 110, minWidth: 90 },
  reason: { idealWidth: 200, minWidth: 140 },
  ip: { idealWidth: 130, minWidth: 100 },
  device: { idealWidth: 160, minWidth: 110 },
  familiar: { idealWidth: 150, minWidth: 120 },
};

/** The result of a sign-in as a badge: green for success, red for failure. */
export function ResultBadge({ result }: { result: Outcome }) {
  const { t } = useTranslation();
  return result === 'success' ? (
    <Badge appearance="tint" color="success">{t('signIns.success')}</Badge>
  ) : (
    <Badge appearance="tint" color="danger">{t('signIns.failure')}</Badge>
  );
}

/**
 * Reports > Sign-ins, as Entra's sign-in logs: every attempt, newest first, with filters on result,
 * reason and date; paging by cursor; CSV export of the same filters; a details panel per row.
 */
export function SignInsPage() {
  const { t, i18n } = useTranslation();
  const styles = useReportStyles();
  const format = useDateFormatter();
  const [result, setResult] = useState<Outcome | ''>('');
  const [reason, setReason] = useState<SignInReason | ''>('');
  const [range, setRange] = useState({ from: '', to: '' });
  const [selected, setSelected] = useState<SignInEvent | null>(null);

  const filters = { result, reason, ...dateRangeQuery(range.from, range.to) };
  const logs = useInfiniteQuery({
    queryKey: ['reports', 'sign-ins', filters],
    queryFn: ({ pageParam, signal }) => apiFetch<ApiPage<SignInEvent>>('/sign-in-logs', { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
  const items = logs.data?.pages.flatMap((p) => p.items) ?? [];
  const refreshing = logs.isFetching && !logs.isFetchingNextPage;
  const filtered = !!(result || reason || range.from || range.to);

  const columns = useMemo<TableColumnDefinition<SignInEvent>[]>(
    () => [
      createTableColumn<SignInEvent>({
        columnId: 'date',
        renderHeaderCell: () => t('signIns.date'),
        renderCell: (e) => (
          <Link as="button" type="button" className={styles.nowrap} onClick={() => setSelected(e)} aria-label={t('signIns.openDetails', { date: format(e.createdDateTime) })}>
            {format(e.createdDateTime)}
          </Link>
        ),
      }),
      createTableColumn<SignInEvent>({
        columnId: 'user',
        renderHeaderCell: () => t('signIns.user'),
        renderCell: (e) => (
          <TableCellLayout truncate title={e.userPrincipalName ?? undefined}>
            {e.userPrincipalName ?? <span className={styles.muted}>{t('signIns.unknown')}</span>}
          </TableCellLayout>
        ),
      }),
      createTableColumn<SignInEvent>({ columnId: 'result', renderHeaderCell: () => t('signIns.result'), renderCell: (e) => <ResultBadge result={e.result} /> }),
      createTableColumn<SignInEvent>({
        columnId: 'reason',
        renderHeaderCell: () => t('signIns.reason'),
        renderCell: (e) => <TableCellLayout truncate>{reasonLabel(t, e.reason)}</TableCellLayout>,
      }),
      createTableColumn<SignInEvent>({ columnId: 'ip', renderHeaderCell: () => t('signIns.ipAddress'), renderCell: (e) => e.ipAddress ?? '—' }),
      createTableColumn<SignInEvent>({
        columnId: 'device',
        renderHeaderCell: () => t('signIns.device'),
        renderCell: (e) => (
          <TableCellLayout truncate title={e.userAgent ?? undefined}>
            {describeUserAgent(e.userAgent) ?? <span className={styles.muted}>{t('signIns.unknownDevice')}</span>}
          </TableCellLayout>
        ),
      }),
      createTableColumn<SignInEvent>({ columnId: 'familiar', renderHeaderCell: () => t('signIns.familiarDevice'), renderCell: (e) => (e.familiarDevice ? t('reports.yes') : t('reports.no')) }),
    ],
    // format only depends on the language, which `t` and `i18n.language` follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language, styles],
  );

  const csv = apiUrl('/sign-in-logs.csv', filters);

  return (
    <Page title={t('signIns.title')} subtitle={t('signIns.subtitle')} breadcrumb={<SettingsBreadcrumb items={[{ label: t('nav.reports') }, { label: t('signIns.title') }]} />}>
      <div className={styles.surface}>
        <div className={styles.commandBar}>
          <Toolbar aria-label={t('reports.commands')} className={styles.toolbar}>
            <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void logs.refetch()} disabled={refreshing}>
              {t('reports.refresh')}
            </ToolbarButton>
            <Button as="a" appearance="subtle" href={csv} download="sign-ins.csv" icon={<ArrowDownloadRegular />}>
              {t('reports.download')}
            </Button>
          </Toolbar>
        </div>
        <div className={styles.filters} role="group" aria-label={t('reports.filters')}>
          <Field label={t('signIns.result')}>
            <Dropdown
              className={styles.filter}
              value={result ? t(`signIns.${result}`) : t('reports.all')}
              selectedOptions={[result]}
              onOptionSelect={(_, d) => setResult((d.optionValue ?? '') as Outcome | '')}
            >
              <Option value="">{t('reports.all')}</Option>
              <Option value="success">{t('signIns.success')}</Option>
              <Option value="failure">{t('signIns.failure')}</Option>
            </Dropdown>
          </Field>
          <Field label={t('signIns.reason')}>
            <Dropdown
              className={styles.filter}
              value={reason ? reasonLabel(t, reason) : t('reports.all')}
              selectedOptions={[reason]}
              onOptionSelect={(_, d) => setReason((d.optionValue ?? '') as SignInReason | '')}
            >
              <Option value="">{t('reports.all')}</Option>
              {SIGN_IN_REASONS.map((r) => (
                <Option key={r} value={r}>
                  {reasonLabel(t, r)}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <DateRangeFilter from={range.from} to={range.to} onChange={setRange} />
          {filtered ? (
            <Button
              appearance="subtle"
              onClick={() => {
                setResult('');
                setReason('');
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
            {filtered ? t('reports.emptyFiltered') : t('signIns.empty')}
          </Text>
        ) : items.length ? (
          <div className={styles.scroll} aria-busy={refreshing}>
            <DataGrid items={items} columns={columns} getRowId={(e: SignInEvent) => e.id} resizableColumns columnSizingOptions={sizing} aria-label={t('signIns.gridLabel')} focusMode="composite">
              <DataGridHeader>
                <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
              </DataGridHeader>
              <DataGridBody<SignInEvent>>
                {({ item, rowId }) => (
                  <DataGridRow<SignInEvent> key={rowId} className={styles.row} onClick={() => setSelected(item)}>
                    {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
                  </DataGridRow>
                )}
              </DataGridBody>
            </DataGrid>
          </div>
        ) : null}
        <LoadMoreFooter
          count={items.length}
          countText={t('signIns.count', { count: items.length })}
          hasMore={!!logs.hasNextPage}
          loadingMore={logs.isFetchingNextPage}
          refreshing={refreshing && !logs.isPending}
          onMore={() => void logs.fetchNextPage()}
        />
      </div>
      <DetailsDrawer open={!!selected} title={t('signIns.detailsTitle')} onClose={() => setSelected(null)} testId="sign-in-details">
        {selected ? (
          <DetailsList
            rows={[
              { label: t('signIns.date'), value: format(selected.createdDateTime) },
              { label: t('signIns.user'), value: selected.userPrincipalName },
              { label: t('signIns.userId'), value: selected.userId },
              { label: t('signIns.result'), value: <ResultBadge result={selected.result} /> },
              { label: t('signIns.reason'), value: reasonLabel(t, selected.reason) },
              { label: t('signIns.reasonCode'), value: <span className={styles.code}>{selected.reason}</span> },
              { label: t('signIns.ipAddress'), value: selected.ipAddress },
              { label: t('signIns.device'), value: describeUserAgent(selected.userAgent) },
              { label: t('signIns.userAgent'), value: selected.userAgent },
              { label: t('signIns.familiarDevice'), value: selected.familiarDevice ? t('reports.yes') : t('reports.no') },
              { label: t('signIns.correlationId'), value: selected.correlationId ? <span className={styles.code}>{selected.correlationId}</span> : null },
              { label: t('signIns.id'), value: <span className={styles.code}>{selected.id}</span> },
            ]}
          />
        ) : null}
      </DetailsDrawer>
    </Page>
  );
}
