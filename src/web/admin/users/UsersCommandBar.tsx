import { Toolbar, ToolbarButton, makeStyles, mergeClasses } from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useReportStyles } from '../reports/parts';

// With a selection the commands are many (and long in Dutch): they wrap as whole buttons, never mid-label.
const useStyles = makeStyles({
  toolbar: { flexWrap: 'wrap', minWidth: 0, '& > button': { whiteSpace: 'nowrap' } },
});

interface Props {
  /** The commands before Refresh (Add a user, and those for the selection). */
  children: ReactNode;
  /** Changes whenever the set of commands changes (a selection made or cleared). */
  commandsKey: string;
  onRefresh: () => void;
  refreshing: boolean;
  /** After the toolbar: the count, the filters and the search box. */
  after: ReactNode;
}

/**
 * Active users' command bar. A Fluent Toolbar is one Tab stop with the arrow keys inside, and it
 * remembers the command last focused. When a selection brings in Reset password and the other
 * commands, the toolbar starts afresh, so Tab (or Shift+Tab from the grid) lands on the first
 * command, Reset password, rather than on a remembered Refresh (issue 13, item 8).
 */
export function UsersCommandBar({ children, commandsKey, onRefresh, refreshing, after }: Props) {
  const { t } = useTranslation();
  const styles = useReportStyles();
  const own = useStyles();
  return (
    <div className={styles.commandBar}>
      <Toolbar key={commandsKey} aria-label={t('users.commands')} className={mergeClasses(styles.toolbar, own.toolbar)}>
        {children}
        <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={onRefresh} disabled={refreshing}>
          {t('reports.refresh')}
        </ToolbarButton>
      </Toolbar>
      {after}
    </div>
  );
}
