import { Badge, Link, TableCellLayout, createTableColumn } from '@fluentui/react-components';
import type { TableColumnDefinition, TableColumnSizingOptions } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useReportStyles } from './parts';

/** A report column; `width` is its [ideal, minimum] width in pixels. */
export type ReportColumn<T> = TableColumnDefinition<T> & { width?: readonly [ideal: number, min: number] };

/** A column: its id, its header text, its cell and its [ideal, minimum] width. */
export function column<T>(columnId: string, header: string, renderCell: (item: T) => ReactNode, width?: readonly [number, number]): ReportColumn<T> {
  return { ...createTableColumn<T>({ columnId, renderHeaderCell: () => header, renderCell }), width };
}

/** The grid's sizing options from its columns' widths. */
export function sizingOf<T>(columns: readonly ReportColumn<T>[]): TableColumnSizingOptions {
  return Object.fromEntries(columns.flatMap((c) => (c.width ? [[c.columnId, { idealWidth: c.width[0], minWidth: c.width[1] }]] : [])));
}

/**
 * A cell cut off with an ellipsis, with the whole text (or `title`; null for none) as its title;
 * `fallback` (muted) or a dash when there is no text.
 */
export function TextCell({ text, title, fallback }: { text: string | null; title?: string | null; fallback?: string }) {
  const styles = useReportStyles();
  return (
    <TableCellLayout truncate title={(title === undefined ? text : title) ?? undefined}>
      {text ?? (fallback === undefined ? '—' : <span className={styles.muted}>{fallback}</span>)}
    </TableCellLayout>
  );
}

/** A date that does not wrap, a dash when there is none. */
export function DateCell({ text }: { text: string | null }) {
  const styles = useReportStyles();
  return <span className={styles.nowrap}>{text ?? '—'}</span>;
}

/** A row's date as the link that opens its details panel (the row opens it too). */
export function DetailsLink({ text, label, onOpen }: { text: string | null; label: string; onOpen: () => void }) {
  const styles = useReportStyles();
  return (
    <Link as="button" type="button" className={styles.nowrap} onClick={onOpen} aria-label={label}>
      {text}
    </Link>
  );
}

/** A success or failure as a badge: green or red, with the page's own words. */
export function OutcomeBadge({ outcome, success, failure }: { outcome: 'success' | 'failure'; success: string; failure: string }) {
  return outcome === 'success' ? (
    <Badge appearance="tint" color="success">
      {success}
    </Badge>
  ) : (
    <Badge appearance="tint" color="danger">
      {failure}
    </Badge>
  );
}
