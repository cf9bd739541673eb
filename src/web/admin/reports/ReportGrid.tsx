import {
  Button,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  Spinner,
  Text,
  Toolbar,
  ToolbarButton,
} from '@fluentui/react-components';
import type { TableColumnDefinition, TableColumnSizingOptions } from '@fluentui/react-components';
import { ArrowClockwiseRegular, ArrowDownloadRegular } from '@fluentui/react-icons';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../shared/ErrorBar';
import type { Page as ApiPage } from '../../shared/types';
import { LoadMoreFooter, useReportStyles } from './parts';

/** A report's command bar: Refresh and Download (a plain link to the CSV with the same filters). */
export function ReportCommandBar({ onRefresh, refreshing, csvHref, csvName }: { onRefresh: () => void; refreshing: boolean; csvHref: string; csvName: string }) {
  const { t } = useTranslation();
  const styles = useReportStyles();
  return (
    <div className={styles.commandBar}>
      <Toolbar aria-label={t('reports.commands')} className={styles.toolbar}>
        <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={onRefresh} disabled={refreshing}>
          {t('reports.refresh')}
        </ToolbarButton>
        <Button as="a" appearance="subtle" href={csvHref} download={csvName} icon={<ArrowDownloadRegular />}>
          {t('reports.download')}
        </Button>
      </Toolbar>
    </div>
  );
}

interface ReportGridProps<T, P extends ApiPage<T>> {
  /** The paged query (cursor pages, newest first) the grid shows. */
  query: UseInfiniteQueryResult<InfiniteData<P>>;
  columns: TableColumnDefinition<T>[];
  sizing: TableColumnSizingOptions;
  getRowId: (item: T) => string;
  gridLabel: string;
  /** Shown when there is nothing, with and without filters. */
  emptyText: string;
  filtered: boolean;
  countText: (count: number) => string;
  onRowClick?: (item: T) => void;
  /** Between the error bar and the grid (a summary, say). */
  children?: ReactNode;
}

/**
 * The body of a paged report: the error, a spinner on the first load, the empty text, the grid and
 * "N shown" with Load more. Filters and the command bar stay with the page.
 */
export function ReportGrid<T, P extends ApiPage<T>>({ query, columns, sizing, getRowId, gridLabel, emptyText, filtered, countText, onRowClick, children }: ReportGridProps<T, P>) {
  const { t } = useTranslation();
  const styles = useReportStyles();
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const refreshing = query.isFetching && !query.isFetchingNextPage;
  return (
    <>
      {query.isError ? <ErrorBar error={query.error} onRetry={() => void query.refetch()} /> : null}
      {children}
      {query.isPending ? (
        <Spinner label={t('app.loading')} />
      ) : items.length === 0 && !query.isError ? (
        <Text as="p" className={styles.empty} role="status">
          {filtered ? t('reports.emptyFiltered') : emptyText}
        </Text>
      ) : items.length ? (
        <div className={styles.scroll} aria-busy={refreshing}>
          <DataGrid items={items} columns={columns} getRowId={getRowId} resizableColumns columnSizingOptions={sizing} aria-label={gridLabel} focusMode="composite">
            <DataGridHeader>
              <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
            </DataGridHeader>
            <DataGridBody<T>>
              {({ item, rowId }) => (
                <DataGridRow<T> key={rowId} className={onRowClick ? styles.row : undefined} onClick={onRowClick ? () => onRowClick(item) : undefined}>
                  {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
                </DataGridRow>
              )}
            </DataGridBody>
          </DataGrid>
        </div>
      ) : null}
      <LoadMoreFooter
        count={items.length}
        countText={countText(items.length)}
        hasMore={!!query.hasNextPage}
        loadingMore={query.isFetchingNextPage}
        refreshing={refreshing && !query.isPending}
        onMore={() => void query.fetchNextPage()}
      />
    </>
  );
}
