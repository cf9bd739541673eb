import { Badge, Table, TableBody, TableCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { DirectorySyncCounts, DirectorySyncRun } from '../../../shared/directory.js';
import { TableHeaderRow } from '../../shared/TableHeaderRow';
import { useDateFormatter } from '../../shared/format';
import { useNumberFormat } from '../useNumberFormat';
import { DetailsList } from '../reports/parts';

const useStyles = makeStyles({
  counts: { display: 'grid', gap: tokens.spacingHorizontalM, gridTemplateColumns: 'repeat(auto-fill, minmax(120px, 1fr))', margin: 0 },
  count: {
    display: 'flex',
    flexDirection: 'column',
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  number: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  wrap: { overflowWrap: 'anywhere' },
  dnCell: { width: '40%', overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground2 },
});

const STATUS_COLOR = { running: 'informative', succeeded: 'success', failed: 'danger', interrupted: 'warning' } as const;

/** A run's status as a badge (Running, Succeeded, Failed, Interrupted). */
export function RunStatusBadge({ run }: { run: DirectorySyncRun }) {
  const { t } = useTranslation();
  return (
    <Badge appearance="tint" color={STATUS_COLOR[run.status]} data-testid="directory-run-status">
      {t(`directorySync.statuses.${run.status}`)}
    </Badge>
  );
}

/** Who started a run, in words: the schedule, the CLI, or the admin's user principal name. */
export function triggerText(trigger: string, t: TFunction): string {
  return trigger === 'schedule' || trigger === 'cli' ? t(`directorySync.triggers.${trigger}`) : trigger;
}

/** A run's time, type, trigger and status. */
export function RunDetails({ run, label }: { run: DirectorySyncRun; label: string }) {
  const { t } = useTranslation();
  const format = useDateFormatter();
  return (
    <DetailsList
      label={label}
      rows={[
        { label: t('directorySync.started'), value: format(run.startedDateTime) },
        { label: t('directorySync.finished'), value: run.finishedDateTime ? format(run.finishedDateTime) : t('directorySync.running') },
        { label: t('directorySync.mode'), value: t(`directorySync.modes.${run.mode}`) },
        { label: t('directorySync.trigger'), value: triggerText(run.trigger, t) },
        { label: t('directorySync.status'), value: <RunStatusBadge run={run} /> },
      ]}
    />
  );
}

const COUNT_KEYS: (keyof DirectorySyncCounts)[] = ['read', 'created', 'updated', 'disabled', 'unchanged', 'groups', 'failed'];

/** The run's counts as tiles (read, created, updated, disabled, unchanged, groups, failed). */
export function RunCounts({ counts }: { counts: DirectorySyncCounts }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const number = useNumberFormat();
  return (
    <dl className={styles.counts} aria-label={t('directorySync.counts.title')} data-testid="directory-counts">
      {COUNT_KEYS.map((key) => (
        <div key={key} className={styles.count} data-count={key}>
          <dt>{t(`directorySync.counts.${key}`)}</dt>
          <dd className={`${styles.number} ${key === 'failed' && counts.failed ? styles.failed : ''}`}>{number(counts[key])}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A sync error's code in words (`directory.syncError.<code>`), the code itself when it is not known. */
export function syncErrorText(code: string, t: TFunction): string {
  const key = code.replace(/^directory\.syncError\./, '');
  return t(`directory.syncError.${key}`, { defaultValue: t('directory.syncError.unknown', { code }) });
}

/** The run's problems: the entry's DN, the problem in words and the directory's own message. */
export function RunErrors({ run }: { run: DirectorySyncRun }) {
  const { t } = useTranslation();
  const styles = useStyles();
  if (!run.errors.length) return <Text className={styles.muted}>{t('directorySync.errors.none')}</Text>;
  return (
    <>
      <Table size="small" aria-label={t('directorySync.errors.title')} data-testid="directory-errors">
        <TableHeaderRow
          columns={[{ label: t('directorySync.errors.dn'), className: styles.dnCell }, t('directorySync.errors.problem'), t('directorySync.errors.message')]}
        />
        <TableBody>
          {run.errors.map((error, index) => (
            <TableRow key={`${error.dn ?? ''}-${index}`}>
              <TableCell className={styles.dnCell}>{error.dn ?? <span className={styles.muted}>{t('directorySync.errors.noDn')}</span>}</TableCell>
              <TableCell className={styles.wrap}>{syncErrorText(error.code, t)}</TableCell>
              <TableCell className={styles.wrap}>{error.message ?? '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {run.errors.length >= 50 ? <Text className={styles.muted}>{t('directorySync.errors.limit')}</Text> : null}
    </>
  );
}
