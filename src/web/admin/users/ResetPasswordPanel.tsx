import {
  Button,
  Checkbox,
  DrawerBody,
  DrawerFooter,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PasswordResetJob, ResetOptions } from '../../../shared/admin-reset.js';
import type { User } from '../../../shared/users.js';
import { apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { isPasswordRejection } from '../../shared/password/PasswordIssues';
import { useNewPassword } from '../../shared/password/useNewPassword';
import { useAdminPermissions, useRefreshUsers, useServerFeatures } from './hooks';
import { ChosenPasswordOptions, PanelHeader, PasswordPanel, SendLinkOption, usePanelStyles } from './PasswordPanel';
import { BulkResetDone, BulkResetProgress, SingleResetDone } from './ResetPasswordOutcome';
import { runBulkReset } from './resetPasswordJob';
import { EmailResultFields, useEmailResult } from './EmailResultFields';
import type { BulkResetOutcome } from './resetPasswordJob';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  targets: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});

type Phase =
  | { kind: 'form' }
  | { kind: 'running'; job: PasswordResetJob | null }
  | { kind: 'single-done'; user: User; password: string | null; linkSent: boolean }
  | ({ kind: 'bulk-done' } & BulkResetOutcome);

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
    <PasswordPanel open={open} onClose={onClose} testId="reset-password-panel">
      {() => <ResetPasswordContent users={users} onClose={onClose} />}
    </PasswordPanel>
  );
}

function ResetPasswordContent({ users, onClose }: { users: User[]; onClose: () => void }) {
  const { t } = useTranslation();
  const styles = { ...usePanelStyles(), ...useStyles() };
  const { me } = useAdminPermissions();
  const features = useServerFeatures();
  const refreshUsers = useRefreshUsers();
  const selfId = me?.user.id;
  const [includesSelf] = useState(() => users.some((u) => u.id === selfId));
  const [targets] = useState(() => users.filter((u) => u.id !== selfId));
  const single = targets.length === 1 ? targets[0]! : null;
  const [autoGenerate, setAutoGenerate] = useState(true);
  const [forceChange, setForceChange] = useState(true);
  // Graph's forceChangePasswordNextSignInWithMfa (issue 17): MFA first, then the change; single reset only.
  const [withMfa, setWithMfa] = useState(false);
  const [sendLink, setSendLink] = useState(false);
  const fields = useNewPassword({ required: t('reset.passwordRequired') });
  const emailResult = useEmailResult(targets);
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'form' });
  const controller = useRef<AbortController | null>(null);
  const canSendLink = !!single && !!features.data?.sendLink;
  // The server sends the link only to alternate addresses (users.no_alternate_email otherwise).
  const alternates = single?.otherMails.filter(Boolean) ?? [];
  const useLink = canSendLink && sendLink && alternates.length > 0;

  // Closing the panel stops following the job (the job itself goes on on the server).
  useEffect(() => () => controller.current?.abort(), []);

  const options = (): ResetOptions => {
    if (useLink) return { autoGenerate: true, forceChangePasswordNextSignIn: true, sendLink: true };
    const mfa = single && forceChange && withMfa ? { forceChangePasswordNextSignInWithMfa: true } : {};
    return autoGenerate
      ? { autoGenerate: true, forceChangePasswordNextSignIn: forceChange, ...mfa }
      : { autoGenerate: false, password: fields.password, forceChangePasswordNextSignIn: forceChange, ...mfa };
  };

  const run = async (signal: AbortSignal) => {
    const body = { ...options(), ...(useLink ? {} : emailResult.request()) };
    if (single) {
      const result = await apiFetch<{ password: string | null }>(`/users/${single.id}/reset-password`, { method: 'POST', body, signal });
      setPhase({ kind: 'single-done', user: single, password: result.password, linkSent: !!body.sendLink });
    } else {
      const outcome = await runBulkReset(
        targets.map((u) => u.id),
        body,
        signal,
        (job) => setPhase({ kind: 'running', job }),
      );
      setPhase({ kind: 'bulk-done', ...outcome });
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!targets.length || submitting) return;
    if (!useLink && !autoGenerate && !fields.validate()) return;
    if (!useLink && !emailResult.validate()) return;
    setError(null);
    fields.setErrors({});
    setSubmitting(true);
    const abort = new AbortController();
    controller.current = abort;
    try {
      await run(abort.signal);
      void refreshUsers();
    } catch (err) {
      if (abort.signal.aborted) return;
      if (isPasswordRejection(err) && !autoGenerate) fields.reject(err);
      else setError(err);
      setPhase((p) => (p.kind === 'running' ? { kind: 'form' } : p));
    } finally {
      setSubmitting(false);
    }
  };

  // A live region that stays mounted through every phase, so the outcome is announced when it
  // arrives (focus moves to the outcome's heading meanwhile; issue 13, item 8).
  // A summary in its own words: the visible outcome follows under the focused heading.
  const announcement =
    phase.kind === 'single-done'
      ? t(phase.linkSent ? 'reset.announceLink' : 'reset.announceSingle', { name: phase.user.displayName })
      : phase.kind === 'bulk-done'
        ? t('reset.announceBulk', { done: phase.job.counts.reset, count: phase.job.total })
        : '';
  const live = (
    <div role="status" aria-live="polite" className={styles.visuallyHidden} data-testid="reset-announcement">
      {announcement}
    </div>
  );

  if (phase.kind === 'single-done')
    return (
      <>
        {live}
        <SingleResetDone user={phase.user} password={phase.password} linkSent={phase.linkSent} onClose={onClose} />
      </>
    );
  if (phase.kind === 'bulk-done')
    return (
      <>
        {live}
        <BulkResetDone outcome={phase} onClose={onClose} />
      </>
    );

  const header = <PanelHeader title={t('reset.title', { count: Math.max(targets.length, 1) })} onClose={onClose} />;
  if (phase.kind === 'running') {
    return (
      <>
        {live}
        {header}
        <DrawerBody className={styles.body}>
          <BulkResetProgress job={phase.job} />
        </DrawerBody>
      </>
    );
  }

  return (
    <>
      {live}
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
              {canSendLink && single ? <SendLinkOption user={single} alternates={alternates} checked={useLink} onChange={setSendLink} /> : null}
              {useLink ? (
                <Text className={styles.muted}>{t('reset.sendLinkHint', { mail: alternates.join(', '), count: alternates.length })}</Text>
              ) : (
                <ChosenPasswordOptions
                  autoGenerate={autoGenerate}
                  onAutoGenerate={setAutoGenerate}
                  forceChange={forceChange}
                  onForceChange={setForceChange}
                  fields={fields}
                  feedbackId="reset-password-feedback"
                  userId={single?.id}
                  autoFocus
                  count={targets.length}
                />
              )}
              {single && !useLink && forceChange ? (
                <Checkbox checked={withMfa} onChange={(_, d) => setWithMfa(!!d.checked)} label={t('mfa.requireBeforeChange')} />
              ) : null}
              {!useLink ? <EmailResultFields state={emailResult} bulk={!single} /> : null}
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
