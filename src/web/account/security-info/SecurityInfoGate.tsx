import { Button, MessageBar, MessageBarBody, Spinner, Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { apiFetch } from '../../shared/api';
import { CenteredCard } from '../../shared/CenteredCard';
import { ErrorBar } from '../../shared/ErrorBar';
import { FullPageSpinner } from '../../shared/guards';
import { useMe } from '../../shared/session';
import type { MethodKind } from '../../../shared/methods.js';
import type { SecurityInfo } from '../../../shared/security-info.js';
import { deferPrompt, usePromptDeferred, useRefreshSecurityInfo, useSecurityInfo } from './api';
import { MethodIcon, methodLabel, sortKinds } from './labels';

export const SECURITY_INFO_PATH = '/account/security-info';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', justifyContent: 'flex-end', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  list: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS },
  icon: { fontSize: '20px', color: tokens.colorBrandForeground1, flexShrink: 0 },
  itemText: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  value: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

/**
 * The registration interrupt, as Entra's after sign-in: when `/me/methods` says the user must
 * register ("More information required") or confirm their security info again ("Are your
 * details still correct?"), that page comes before the signed-in frame. "Remind me later" skips it
 * for this sign-in, in every tab of the browser (see `promptDeferred`). A forced password change comes first: the root layout keeps such a
 * user on /change-password, so this never renders for them. Security info itself is never blocked.
 */
export function SecurityInfoGate({ children }: { children: ReactNode }) {
  const { data: me } = useMe();
  const { pathname } = useLocation();
  const active = !!me && !me.passwordChangeRequired;
  const info = useSecurityInfo({ enabled: active });
  const deferred = usePromptDeferred(me?.session.id);

  if (!active) return <>{children}</>;
  if (info.isPending) return <FullPageSpinner />;
  // Without an answer (an older server, an outage) the account area works as before.
  if (!info.data || info.data.prompt === 'none' || pathname === SECURITY_INFO_PATH || deferred) return <>{children}</>;

  const defer = () => deferPrompt(me.session.id);
  return info.data.prompt === 'register' ? <RegisterInterrupt info={info.data} onDefer={defer} /> : <ReconfirmInterrupt info={info.data} onDefer={defer} />;
}

/** The interrupt's card: the user's name above the title, then the content. */
function InterruptCard({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles();
  const { data: me } = useMe();
  return (
    <CenteredCard title={title}>
      <div className={styles.body} data-testid="security-info-interrupt">
        <div className={styles.header}>
          {me ? <Text className={styles.muted}>{me.user.userPrincipalName}</Text> : null}
          <Title2 as="h1">{title}</Title2>
        </div>
        {children}
      </div>
    </CenteredCard>
  );
}

function useGoToSecurityInfo(onDefer: () => void): () => void {
  const navigate = useNavigate();
  return () => {
    // Once there, the user is not sent back here for this sign-in.
    onDefer();
    void navigate(SECURITY_INFO_PATH);
  };
}

function RegisterInterrupt({ info, onDefer }: { info: SecurityInfo; onDefer: () => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const next = useGoToSecurityInfo(onDefer);
  const title = t('ssprInterrupt.registerTitle');
  return (
    <InterruptCard title={title}>
      <Text as="p">{t('ssprInterrupt.registerBody')}</Text>
      <Text as="p" className={styles.muted}>
        {info.policy.methodsRequired > 1 ? t('ssprInterrupt.registerCountTwo') : t('ssprInterrupt.registerCountOne')}
      </Text>
      <div className={styles.actions}>
        <Button onClick={onDefer}>{t('ssprInterrupt.remindLater')}</Button>
        <Button appearance="primary" onClick={next}>
          {t('ssprInterrupt.next')}
        </Button>
      </div>
    </InterruptCard>
  );
}

function ReconfirmInterrupt({ info, onDefer }: { info: SecurityInfo; onDefer: () => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const refresh = useRefreshSecurityInfo();
  const update = useGoToSecurityInfo(onDefer);
  const confirm = useMutation({
    mutationFn: () => apiFetch<void>('/me/methods/confirm', { method: 'POST' }),
    onSuccess: () => refresh(),
  });
  const title = t('ssprInterrupt.reconfirmTitle');
  const items: { key: string; kind: MethodKind; value: string }[] = info.methods.map((m) => ({
    key: m.id,
    kind: m.kind,
    value: m.value ?? t('securityInfo.appValue'),
  }));
  if (info.securityQuestions.registered > 0) {
    items.push({ key: 'questions', kind: 'securityQuestions', value: t('securityInfo.questionsValue', { count: info.securityQuestions.registered }) });
  }
  const order = sortKinds(items.map((i) => i.kind));
  items.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));

  return (
    <InterruptCard title={title}>
      <Text as="p">{t('ssprInterrupt.reconfirmBody')}</Text>
      {items.length ? (
        <ul className={styles.list} aria-label={t('ssprInterrupt.methodsLabel')}>
          {items.map((item) => (
            <li key={item.key} className={styles.item}>
              <MethodIcon kind={item.kind} className={styles.icon} />
              <span className={styles.itemText}>
                <Text weight="semibold">{methodLabel(t, item.kind)}</Text>
                <Text className={styles.value}>{item.value}</Text>
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <MessageBar intent="warning">
          <MessageBarBody>{t('ssprInterrupt.noMethods')}</MessageBarBody>
        </MessageBar>
      )}
      {confirm.error ? <ErrorBar error={confirm.error} /> : null}
      <div className={styles.actions}>
        <Button onClick={update} disabled={confirm.isPending}>
          {t('ssprInterrupt.update')}
        </Button>
        <Button
          appearance="primary"
          onClick={() => confirm.mutate()}
          disabled={confirm.isPending || !items.length}
          icon={confirm.isPending ? <Spinner size="tiny" /> : undefined}
        >
          {t('ssprInterrupt.looksGood')}
        </Button>
      </div>
    </InterruptCard>
  );
}
