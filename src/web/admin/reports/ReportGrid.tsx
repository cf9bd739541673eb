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
import type { TableColumnSizingOptions, TableRowId } from '@fluentui/react-components';
import { ArrowClockwiseRegular, ArrowDownloadRegular } from '@fluentui/react-icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../shared/api';
import type { RequestOptions } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { sizingOf } from './cells';
import type { ReportColumn } from './cells';
import { FiltersBar } from './filters';
import { LoadMoreFooter, useReportStyles } from './parts';

const PAGE_SIZE = 50;

/** How a list pages: the query parameter that takes the cursor and where the next one is in a page. */
export interface Paging<P> {
  param: string;
  next: (page: P) => string | null;
}

const cursorPaging: Paging<{ nextCursor: string | null }> = { param: 'cursor', next: (page) => page.nextCursor };

/**
 * A keyset-paged list (newest first) of `path` with the filters in `query`: the filters are in the
 * key, so a change starts again from the first page; the old pages stay on screen meanwhile.
 */
export function usePagedQuery<P extends { items: unknown[] }>(
  queryKey: readonly unknown[],
  path: string,
  query: RequestOptions['query'],
  paging: Paging<P> = cursorPaging as unknown as Paging<P>,
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => apiFetch<P>(path, { query: { ...query, limit: PAGE_SIZE, [paging.param]: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: paging.next,
    placeholderData: (previous) => previous,
  });
}

/** True while a paged list is read again (not while it reads its next page). */
export function isRefreshing(query: { isFetching: boolean; isFetchingNextPage: boolean }): boolean {
  return query.isFetching && !query.isFetchingNextPage;
}

interface CommandBarProps {
  onRefresh: () => void;
  refreshing: boolean;
  /** A plain link to the CSV with the same filters. */
  csv?: { href: string; name: string };
  label?: string;
  /** Commands before Refresh. */
  children?: ReactNode;
  /** After the toolbar (a filter menu, a search box). */
  after?: ReactNode;
}

/** A report's command bar: its own commands, Refresh and Download (when it has a CSV). */
export function ReportCommandBar({ onRefresh, refreshing, csv, label, children, after }: CommandBarProps) {
  const { t } = useTranslation();
  const styles = useReportStyles();
  return (
    <div className={styles.commandBar}>
      <Toolbar aria-label={label ?? t('reports.commands')} className={styles.toolbar}>
        {children}
        <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={onRefresh} disabled={refreshing}>
          {t('reports.refresh')}
        </ToolbarButton>
        {csv ? (
          <Button as="a" appearance="subtle" href={csv.href} download={csv.name} icon={<ArrowDownloadRegular />}>
            {t('reports.download')}
          </Button>
        ) : null}
      </Toolbar>
      {after}
    </div>
  );
}

/** Rows with a checkbox each (Active users). */
export interface GridSelection<T> {
  selected: Set<TableRowId>;
  onChange: (selected: Set<TableRowId>) => void;
  allLabel: string;
  rowLabel: (item: T) => string;
}

interface ReportGridProps<T> {
  /** The paged query (cursor pages, newest first) the grid shows. */
  query: UseInfiniteQueryResult<InfiniteData<{ items: T[] }>>;
  columns: ReportColumn<T>[];
  /** Default: from the columns' widths. */
  sizing?: TableColumnSizingOptions;
  getRowId: (item: T) => string;
  gridLabel: string;
  /** Shown when there is nothing; `filteredText` (default "Nothing matches these filters") when filters are on. */
  emptyText: string;
  filtered: boolean;
  filteredText?: string;
  countText: (count: number) => string;
  onRowClick?: (item: T) => void;
  selection?: GridSelection<T>;
  gridClassName?: string;
  /** Between the error bar and the grid (a summary, say). */
  children?: ReactNode;
}

/**
 * The body of a paged report: the error, a spinner on the first load, the empty text, the grid and
 * "N shown" with Load more. Filters and the command bar stay with the page.
 */
export function ReportGrid<T>(props: ReportGridProps<T>) {
  const { query, emptyText, filtered, filteredText, countText, children } = props;
  const { t } = useTranslation();
  const styles = useReportStyles();
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const refreshing = isRefreshing(query);
  return (
    <>
      {query.isError ? <ErrorBar error={query.error} onRetry={() => void query.refetch()} /> : null}
      {children}
      {query.isPending ? (
        <Spinner label={t('app.loading')} />
      ) : items.length === 0 && !query.isError ? (
        <Text as="p" className={styles.empty} role="status">
          {filtered ? (filteredText ?? t('reports.emptyFiltered')) : emptyText}
        </Text>
      ) : items.length ? (
        <div className={styles.scroll} aria-busy={refreshing}>
          <ItemsGrid {...props} items={items} />
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

function ItemsGrid<T>({ items, columns, sizing, getRowId, gridLabel, onRowClick, selection, gridClassName }: ReportGridProps<T> & { items: T[] }) {
  const styles = useReportStyles();
  const columnSizing = useMemo(() => sizing ?? sizingOf(columns), [sizing, columns]);
  return (
    <DataGrid
      className={gridClassName}
      items={items}
      columns={columns}
      getRowId={getRowId}
      selectionMode={selection ? 'multiselect' : undefined}
      selectedItems={selection?.selected}
      onSelectionChange={selection ? (_, data) => selection.onChange(new Set(data.selectedItems)) : undefined}
      resizableColumns
      columnSizingOptions={columnSizing}
      aria-label={gridLabel}
      focusMode="composite"
    >
      <DataGridHeader>
        <DataGridRow selectionCell={selection ? { checkboxIndicator: { 'aria-label': selection.allLabel } } : undefined}>
          {({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}
        </DataGridRow>
      </DataGridHeader>
      <DataGridBody<T>>
        {({ item, rowId }) => (
          <DataGridRow<T>
            key={rowId}
            className={onRowClick ? styles.row : undefined}
            onClick={onRowClick ? () => onRowClick(item) : undefined}
            selectionCell={selection ? { checkboxIndicator: { 'aria-label': selection.rowLabel(item) } } : undefined}
          >
            {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
          </DataGridRow>
        )}
      </DataGridBody>
    </DataGrid>
  );
}

interface ReportViewProps<T> extends ReportGridProps<T> {
  /** The CSV of the same filters, for Download. */
  csv?: { href: string; name: string };
  commandsLabel?: string;
  /** The filter controls. */
  filters: ReactNode;
  /** Clears every filter (Clear filters shows while `clearable`, default `filtered`). */
  onClear?: () => void;
  clearable?: boolean;
}

/** A whole report: the command bar (Refresh, Download), the filters and the paged grid. */
export function ReportView<T>({ csv, commandsLabel, filters, onClear, clearable, ...grid }: ReportViewProps<T>) {
  const { query } = grid;
  return (
    <>
      <ReportCommandBar label={commandsLabel} onRefresh={() => void query.refetch()} refreshing={isRefreshing(query)} csv={csv} />
      <FiltersBar filtered={clearable ?? grid.filtered} onClear={onClear}>
        {filters}
      </FiltersBar>
      <ReportGrid {...grid} />
    </>
  );
}
