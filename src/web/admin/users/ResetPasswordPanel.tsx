import {
  Button,
  Checkbox,
  DrawerBody,
  DrawerFooter,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  OverlayDrawer,
  ProgressBar,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { PasswordFeedback } from '../../shared/password/PasswordFeedback';
import { PasswordInput } from '../../shared/password/PasswordInput';
import type { GeneratedPassword, PasswordCheckResult, PasswordResetJob, PasswordResetJobItem, ResetItemStatus, ResetOptions, User } from '../../shared/types';
import { useAdminPermissions, useRefreshUsers, useServerFeatures } from './hooks';
import { PasswordResults } from './PasswordResults';

const POLL_MS = 1000;

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, paddingBottom: tokens.spacingVerticalL },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  muted: { color: tokens.colorNeutralForeground2 },
  targets: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  counts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  issues: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  footer: { display: 'flex', gap: tokens.spacingHorizontalS, justifyContent: 'flex-start' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  reset: { color: tokens.colorPaletteGreenForeground1 },
  skipped: { color: tokens.colorPaletteDarkOrangeForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  upnCell: { overflowWrap: 'anywhere', width: '45%' },
  statusCell: { width: '20%' },
  wrap: { overflowWrap: 'anywhere' },
});

type Phase =
  | { kind: 'form' }
  | { kind: 'running'; job: PasswordResetJob | null }
  | { kind: 'single-done'; user: User; password: string | null; linkSent: boolean }
  | { kind: 'bulk-done'; job: PasswordResetJob; items: PasswordResetJobItem[]; passwords: GeneratedPassword[]; passwordsError: unknown };

/** Waits `ms`, or rejects with an AbortError when the signal fires. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      window.clearTimeout(timer);
      reject(new DOMException('Aborted', 'AbortError'));
    }, { once: true });
  });
}

/** The text for a bulk item's reason: known ones by name, a policy failure as such, anything else by code. */
export function reasonText(reason: string | null, status: ResetItemStatus, t: TFunction): string {
  if (!reason) return '';
  if (reason === 'not_permitted' || reason === 'self' || reason === 'not_found') return t(`reset.reasons.${reason}`);
  if (reason.split(' ').every((code) => code.startsWith('password.'))) return t('reset.reasons.policy');
  return status === 'failed' ? t('reset.reasons.error', { code: reason }) : reason;
}

interface Props {
  open: boolean;
  /** The selected users (the signed-in admin is left out, with a note). */
  users: User[];
  onClose: () => void;
}

/**
 * Users > Active users > Reset password, as the Microsoft 365 admin centre: a panel on the right
 * for one or many users. One user goes to the single reset endpoint; two or more become a bulk
 * job whose progress is shown live. The generated passwords are shown once in the panel and
 * dropped when it closes.
 */
export function ResetPasswordPanel({ open, users, onClose }: Props) {
  return (
    <OverlayDrawer position="end" size="medium" open={open} onOpenChange={(_, d) => (d.open ? undefined : onClose())} data-testid="reset-password-panel">
      {/* The content (and the passwords in its state) unmounts with the panel. */}
      {open ? <ResetPasswordContent users={users} onClose={onClose} /> : null}
    </OverlayDrawer>
  );
}

function ResetPasswordContent({ users, onClose }: { users: User[]; onClose: () => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { me } = useAdminPermissions();
  const features = useServerFeatures();
  const refreshUsers = useRefreshUsers();
  const selfId = me?.user.id;
  const [includesSelf] = useState(() => users.some((u) => u.id === selfId));
  const [targets] = useState(() => users.filter((u) => u.id !== selfId));
  const single = targets.length === 1 ? targets[0]! : null;
  const [autoGenerate, setAutoGenerate] = useState(true);
  const [forceChange, setForceChange] = useState(true);
  const [sendLink, setSendLink] = useState(false);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<ReactElement | string | null>(null);
  const [check, setCheck] = useState<PasswordCheckResult | null>(null);
  /** The problem codes of the last refused submit: shown next to the field, so not repeated by the live feedback. */
  const [submittedCodes, setSubmittedCodes] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'form' });
  const passwordRef = useRef<HTMLInputElement>(null);
  const controller = useRef<AbortController | null>(null);
  const onCheck = useCallback((result: PasswordCheckResult | null) => setCheck(result), []);
  const canSendLink = !!single && !!features.data?.sendLink;
  const useLink = canSendLink && sendLink;

  // Closing the panel stops following the job (the job itself goes on on the server).
  useEffect(() => () => controller.current?.abort(), []);

  const title = phase.kind === 'form' || phase.kind === 'running' ? t('reset.title', { count: Math.max(targets.length, 1) }) : t('reset.doneTitle', { count: phase.kind === 'single-done' ? 1 : phase.job.total });

  const options = (): ResetOptions => {
    if (useLink) return { autoGenerate: true, forceChangePasswordNextSignIn: true, sendLink: true };
    return autoGenerate ? { autoGenerate: true, forceChangePasswordNextSignIn: forceChange } : { autoGenerate: false, password, forceChangePasswordNextSignIn: forceChange };
  };

  const runSingle = async (user: User, signal: AbortSignal) => {
    const body = options();
    const result = await apiFetch<{ password: string | null }>(`/users/${user.id}/reset-password`, { method: 'POST', body, signal });
    setPhase({ kind: 'single-done', user, password: result.password, linkSent: !!body.sendLink });
  };

  const runBulk = async (signal: AbortSignal) => {
    const body = options();
    const created = await apiFetch<{ id: string; total: number }>('/password-reset-jobs', { method: 'POST', body: { userIds: targets.map((u) => u.id), ...body }, signal });
    setPhase({ kind: 'running', job: null });
    let job: PasswordResetJob;
    for (;;) {
      job = await apiFetch<PasswordResetJob>(`/password-reset-jobs/${created.id}`, { signal });
      setPhase({ kind: 'running', job });
      if (job.status === 'completed') break;
      await sleep(POLL_MS, signal);
    }
    const items: PasswordResetJobItem[] = [];
    let after: number | null = -1;
    while (after !== null) {
      const page: { items: PasswordResetJobItem[]; nextAfter: number | null } = await apiFetch(`/password-reset-jobs/${job.id}/items`, { query: { after, limit: 200 }, signal });
      items.push(...page.items);
      after = page.nextAfter;
    }
    // The server erases the passwords as it returns them: asked once, kept in this panel only.
    let passwords: GeneratedPassword[] = [];
    let passwordsError: unknown = null;
    if (job.autoGenerate && items.some((i) => i.passwordAvailable)) {
      try {
        passwords = (await apiFetch<{ items: GeneratedPassword[] }>(`/password-reset-jobs/${job.id}/passwords`, { method: 'POST', signal })).items;
      } catch (err) {
        if (signal.aborted) throw err;
        passwordsError = err;
      }
    }
    setPhase({ kind: 'bulk-done', job, items, passwords, passwordsError });
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!targets.length || submitting) return;
    if (!useLink && !autoGenerate && !password) {
      setPasswordError(t('reset.passwordRequired'));
      passwordRef.current?.focus();
      return;
    }
    setError(null);
    setPasswordError(null);
    setSubmitting(true);
    const abort = new AbortController();
    controller.current = abort;
    try {
      if (single) await runSingle(single, abort.signal);
      else await runBulk(abort.signal);
      void refreshUsers();
    } catch (err) {
      if (abort.signal.aborted) return;
      if (err instanceof ApiError && err.status === 400 && err.code.startsWith('password.') && !autoGenerate) {
        const issues = err.issues;
        setSubmittedCodes([err.code, ...issues.map((i) => i.code)]);
        setPasswordError(
          issues.length > 1 ? (
            <ul className={styles.issues}>
              {issues.map((i) => (
                <li key={`${i.path}:${i.code}`}>{i.message}</li>
              ))}
            </ul>
          ) : (
            (issues[0]?.message ?? err.title)
          ),
        );
        passwordRef.current?.focus();
      } else setError(err);
      setPhase((p) => (p.kind === 'running' ? { kind: 'form' } : p));
    } finally {
      setSubmitting(false);
    }
  };

  const header = (
    <DrawerHeader>
      <DrawerHeaderTitle action={<Button appearance="subtle" aria-label={t('reset.close')} icon={<DismissRegular />} onClick={onClose} />}>{title}</DrawerHeaderTitle>
    </DrawerHeader>
  );

  if (phase.kind === 'single-done') {
    return (
      <>
        {header}
        <DrawerBody className={styles.body}>
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{phase.linkSent ? t('reset.linkSentTitle') : t('reset.singleDone', { name: phase.user.displayName })}</MessageBarTitle>
              {phase.linkSent ? t('reset.linkSentBody', { name: phase.user.displayName }) : t('reset.sessionsEnded')}
            </MessageBarBody>
          </MessageBar>
          {phase.password ? <PasswordResults passwords={[{ userPrincipalName: phase.user.userPrincipalName, password: phase.password }]} fileName="passwords.csv" /> : null}
        </DrawerBody>
        <DrawerFooter className={styles.footer}>
          <Button appearance="primary" onClick={onClose}>
            {t('reset.closeButton')}
          </Button>
        </DrawerFooter>
      </>
    );
  }

  if (phase.kind === 'bulk-done') {
    const { job, items, passwords } = phase;
    return (
      <>
        {header}
        <DrawerBody className={styles.body}>
          <MessageBar intent={job.counts.reset === job.total ? 'success' : 'warning'} layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('reset.bulkDone', { done: job.counts.reset, count: job.total })}</MessageBarTitle>
              <Counts job={job} />
            </MessageBarBody>
          </MessageBar>
          {phase.passwordsError ? <ErrorBar error={phase.passwordsError} /> : null}
          {passwords.length ? <PasswordResults passwords={passwords} fileName="passwords.csv" /> : null}
          <div className={styles.section}>
            <Text as="h2" weight="semibold" size={400}>
              {t('reset.outcomes')}
            </Text>
            <OutcomesTable items={items} />
          </div>
        </DrawerBody>
        <DrawerFooter className={styles.footer}>
          <Button appearance="primary" onClick={onClose}>
            {t('reset.closeButton')}
          </Button>
        </DrawerFooter>
      </>
    );
  }

  if (phase.kind === 'running') {
    const job = phase.job;
    const done = job ? job.total - job.counts.pending : 0;
    return (
      <>
        {header}
        <DrawerBody className={styles.body}>
          <Field label={t('reset.progressLabel')} validationState="none" validationMessage={job ? t('reset.progress', { done, total: job.total }) : t('reset.starting')}>
            <ProgressBar value={job && job.total ? done / job.total : undefined} thickness="large" aria-label={t('reset.progressLabel')} data-testid="reset-progress" />
          </Field>
          {job ? <Counts job={job} /> : null}
          <Text className={styles.muted}>{t('reset.runningNote')}</Text>
        </DrawerBody>
      </>
    );
  }

  return (
    <>
      {header}
      <DrawerBody className={styles.body}>
        <form id="reset-password-form" className={styles.form} onSubmit={(e) => void onSubmit(e)} noValidate>
          {single ? (
            <Text>{t('reset.forUser', { name: single.displayName, upn: single.userPrincipalName })}</Text>
          ) : targets.length ? (
            <div className={styles.section}>
              <Text>{t('reset.forUsers', { count: targets.length })}</Text>
              <ul className={styles.targets} aria-label={t('reset.selectedUsers')}>
                {targets.slice(0, 10).map((u) => (
                  <li key={u.id}>
                    {u.displayName} <span className={styles.muted}>({u.userPrincipalName})</span>
                  </li>
                ))}
                {targets.length > 10 ? <li className={styles.muted}>{t('reset.andMore', { count: targets.length - 10 })}</li> : null}
              </ul>
            </div>
          ) : null}
          {includesSelf ? (
            <MessageBar intent={targets.length ? 'info' : 'warning'} layout="multiline" data-testid="reset-self-note">
              <MessageBarBody>
                <MessageBarTitle>{t('reset.selfTitle')}</MessageBarTitle>
                {targets.length ? t('reset.selfExcluded') : t('reset.selfOnly')}
              </MessageBarBody>
            </MessageBar>
          ) : null}
          {targets.length ? (
            <>
              {canSendLink ? (
                <Checkbox checked={sendLink} onChange={(_, d) => setSendLink(!!d.checked)} label={t('reset.sendLink')} />
              ) : null}
              {useLink ? (
                <Text className={styles.muted}>{t('reset.sendLinkHint', { mail: single?.otherMails.join(', ') || t('reset.noAlternateEmail') })}</Text>
              ) : (
                <>
                  <Checkbox checked={autoGenerate} onChange={(_, d) => setAutoGenerate(!!d.checked)} label={t('reset.autoGenerate')} />
                  {!autoGenerate ? (
                    <>
                      <Field label={t('reset.password')} required validationMessage={passwordError ?? undefined} validationState={passwordError ? 'error' : check && !check.accepted && password ? 'warning' : 'none'}>
                        <PasswordInput
                          ref={passwordRef}
                          name="new-password"
                          autoComplete="new-password"
                          value={password}
                          aria-describedby="reset-password-feedback"
                          onValueChange={(v) => {
                            setPassword(v);
                            setPasswordError(null);
                          }}
                          autoFocus
                        />
                      </Field>
                      <PasswordFeedback password={password} userId={single?.id} id="reset-password-feedback" onResult={onCheck} hideCodes={passwordError ? submittedCodes : []} />
                    </>
                  ) : null}
                  <Checkbox checked={forceChange} onChange={(_, d) => setForceChange(!!d.checked)} label={t('reset.forceChange')} />
                </>
              )}
              {!single ? <Text className={styles.muted}>{t('reset.bulkNote')}</Text> : null}
            </>
          ) : null}
          {error ? <ErrorBar error={error} /> : null}
        </form>
      </DrawerBody>
      <DrawerFooter className={styles.footer}>
        <Button
          appearance="primary"
          type="submit"
          form="reset-password-form"
          disabled={!targets.length || submitting}
          icon={submitting ? <Spinner size="tiny" /> : undefined}
        >
          {useLink ? t('reset.sendLinkSubmit') : t('reset.submit', { count: Math.max(targets.length, 1) })}
        </Button>
        <Button onClick={onClose}>{t('reset.cancel')}</Button>
      </DrawerFooter>
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
      <TableHeader>
        <TableRow>
          <TableHeaderCell className={styles.upnCell}>{t('users.userPrincipalName')}</TableHeaderCell>
          <TableHeaderCell className={styles.statusCell}>{t('reset.outcome')}</TableHeaderCell>
          <TableHeaderCell>{t('reset.reason')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
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
