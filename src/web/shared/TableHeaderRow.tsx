import { TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';

type Column = string | { label: string; className?: string };

/**
 * A table's header: one cell per column (a label, or a label with a class), and with `actions` a
 * last column for the row buttons whose label only screen readers read.
 */
export function TableHeaderRow({ columns, actions, actionsClassName }: { columns: readonly Column[]; actions?: string; actionsClassName?: string }) {
  return (
    <TableHeader>
      <TableRow>
        {columns.map((column) => {
          const { label, className } = typeof column === 'string' ? { label: column, className: undefined } : column;
          return (
            <TableHeaderCell key={label} className={className}>
              {label}
            </TableHeaderCell>
          );
        })}
        {actions ? (
          <TableHeaderCell className={actionsClassName}>
            <span className="visually-hidden">{actions}</span>
          </TableHeaderCell>
        ) : null}
      </TableRow>
    </TableHeader>
  );
}
