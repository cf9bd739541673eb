import {
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { PasswordResetJob, PasswordResetJobItem, ResetItemStatus } from '../../../shared/admin-reset.js';
import type { User } from '../../../shared/users.js';
import { ErrorBar } from '../../shared/ErrorBar';
import { TableHeaderRow } from '../../shared/TableHeaderRow';
import { PanelOutcome } from './PasswordPanel';
import { PasswordResults } from './PasswordResults';
import type { BulkResetOutcome } from './resetPasswordJob';
import { isPaused } from './resetPasswordJob';

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground2 },
  counts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  reset: { color: tokens.colorPaletteGreenForeground1 },
  skipped: { color: tokens.colorPaletteDarkOrangeForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  upnCell: { overflowWrap: 'anywhere', width: '45%' },
  statusCell: { width: '20%' },
  wrap: { overflowWrap: 'anywhere' },
});

/** The text for a bulk item's reason: known ones by name, a policy failure as such, anything else by code. */
export function reasonText(reason: string | null, status: ResetItemStatus, t: TFunction): string {
  if (!reason) return '';
  if (reason === 'not_permitted' || reason === 'self' || reason === 'not_found') return t(`reset.reasons.${reason}`);
  if (reason.split(' ').every((code) => code.startsWith('password.'))) return t('reset.reasons.policy');
  // The directory's own refusal or outage (issue 14), said as the directory's, not Latchkey's policy.
  if (reason.split(' ').every((code) => code.startsWith('directory.password'))) return t('directory.refusedTitle');
  if (reason === 'directory.unavailable') return t('directory.unavailable');
  return status === 'failed' ? t('reset.reasons.error', { code: reason }) : reason;
}

/** Where the server sent the reset notice: the alternate addresses, else the primary one, else nowhere. */
function noticeSent(user: User): 'reset.sessionsEnded' | 'reset.sessionsEndedPrimary' | 'reset.sessionsEndedUnnotified' {
  if (user.otherMails.some(Boolean)) return 'reset.sessionsEnded';
  return user.mail ? 'reset.sessionsEndedPrimary' : 'reset.sessionsEndedUnnotified';
}

/** One user reset: done (or the link sent), with the generated password shown once. */
export function SingleResetDone({ user, password, linkSent, onClose }: { user: User; password: string | null; linkSent: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <PanelOutcome title={t('reset.doneTitle', { count: 1 })} onClose={onClose}>
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{linkSent ? t('reset.linkSentTitle') : t('reset.singleDone', { name: user.displayName })}</MessageBarTitle>
          {linkSent ? t('reset.linkSentBody', { name: user.displayName }) : t(noticeSent(user))}
        </MessageBarBody>
      </MessageBar>
      {password ? <PasswordResults passwords={[{ userPrincipalName: user.userPrincipalName, password }]} fileName="passwords.csv" /> : null}
    </PanelOutcome>
  );
}

/** A finished bulk job: the counts, the generated passwords (once) and every user's outcome. */
export function BulkResetDone({ outcome, onClose }: { outcome: BulkResetOutcome; onClose: () => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { job, items, passwords } = outcome;
  return (
    <PanelOutcome title={t('reset.doneTitle', { count: job.total })} onClose={onClose}>
      <MessageBar intent={job.counts.reset === job.total ? 'success' : 'warning'} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t('reset.bulkDone', { done: job.counts.reset, count: job.total })}</MessageBarTitle>
          <Counts job={job} />
          {job.status === 'cancelled' ? <Text block>{t('reset.cancelled')}</Text> : null}
        </MessageBarBody>
      </MessageBar>
      {outcome.passwordsError ? <ErrorBar error={outcome.passwordsError} /> : null}
      {passwords.length ? <PasswordResults passwords={passwords} fileName="passwords.csv" /> : null}
      <div className={styles.section}>
        <Text as="h2" weight="semibold" size={400}>
          {t('reset.outcomes')}
        </Text>
        <OutcomesTable items={items} />
      </div>
    </PanelOutcome>
  );
}

/** A bulk job on its way (null: being created). */
export function BulkResetProgress({ job }: { job: PasswordResetJob | null }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const done = job ? job.total - job.counts.pending : 0;
  return (
    <>
      <Field
        label={t('reset.progressLabel')}
        validationState="none"
        validationMessage={job ? t('reset.progress', { done, total: job.total }) : t('reset.starting')}
      >
        <ProgressBar
          value={job && job.total ? done / job.total : undefined}
          thickness="large"
          aria-label={t('reset.progressLabel')}
          data-testid="reset-progress"
        />
      </Field>
      {job ? <Counts job={job} /> : null}
      {isPaused(job) ? (
        <MessageBar intent="warning" layout="multiline" data-testid="reset-paused">
          <MessageBarBody>{t('directory.paused')}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Text className={styles.muted}>{t('reset.runningNote')}</Text>
    </>
  );
}

function Counts({ job }: { job: PasswordResetJob }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <div className={styles.counts} data-testid="reset-counts">
      <Text className={job.counts.reset ? styles.reset : undefined}>{t('reset.counts.reset', { count: job.counts.reset })}</Text>
      <Text className={job.counts.skipped ? styles.skipped : undefined}>{t('reset.counts.skipped', { count: job.counts.skipped })}</Text>
      <Text className={job.counts.failed ? styles.failed : undefined}>{t('reset.counts.failed', { count: job.counts.failed })}</Text>
      {job.counts.pending ? <Text>{t('reset.counts.pending', { count: job.counts.pending })}</Text> : null}
    </div>
  );
}

function OutcomesTable({ items }: { items: PasswordResetJobItem[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const tone = { reset: styles.reset, skipped: styles.skipped, failed: styles.failed, pending: undefined } as const;
  return (
    <Table size="small" aria-label={t('reset.outcomes')} data-testid="reset-outcomes">
      <TableHeaderRow
        columns={[
          { label: t('users.userPrincipalName'), className: styles.upnCell },
          { label: t('reset.outcome'), className: styles.statusCell },
          t('reset.reason'),
        ]}
      />
      <TableBody>
        {items.map((item) => (
          <TableRow key={item.seq} data-status={item.status}>
            <TableCell className={styles.upnCell}>{item.userPrincipalName}</TableCell>
            <TableCell className={tone[item.status]}>{t(`reset.status.${item.status}`)}</TableCell>
            <TableCell className={styles.wrap}>{reasonText(item.reason, item.status, t)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
