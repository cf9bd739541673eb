import {
  Button,
  Card,
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  SpinButton,
  Subtitle2,
  Switch,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { Page } from '../../shared/Page';
import { hasPermission, useMe } from '../../shared/session';
import { PERMISSIONS } from '../../shared/types';
import type { PasswordPolicySettings, PolicyProfile } from '../../shared/types';
import { SaveErrorBar, fieldMessage, issuesByPath, spinValue } from './formErrors';
import { SettingsBreadcrumb } from './SettingsBreadcrumb';

export const passwordPolicyKey = ['settings', 'password-policy'] as const;

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '760px' },
  card: { padding: tokens.spacingHorizontalXL, gap: tokens.spacingVerticalL },
  cardHeader: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2 },
  radioLabel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  radioHint: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  numbers: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: tokens.spacingHorizontalXL, alignItems: 'start' },
  spin: { width: '120px' },
  // Save and Cancel, with the answer to the last save, stay in view at the bottom as in the admin centre's panels.
  footer: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    position: 'sticky',
    bottom: 0,
    paddingBlock: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground2,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    zIndex: 1,
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

type Draft = Omit<PasswordPolicySettings, 'historyCount' | 'expiration'> & {
  historyCount: number | null;
  expiration: { neverExpire: boolean; validityDays: number | null; notificationDays: number | null };
};

function same(a: Draft | null, b: PasswordPolicySettings | undefined): boolean {
  return !!a && !!b && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Admin centre > Settings > Org settings > Security & privacy: the password policy (profile,
 * history, MFA for NIST) and the password expiration policy. `settings:password-policy` edits
 * everything; `settings:password-expiry` alone (User Administrator) only the expiration policy.
 */
export function PasswordPolicyPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const canEditPolicy = hasPermission(me, PERMISSIONS.passwordPolicy);
  const policy = useQuery({
    queryKey: passwordPolicyKey,
    queryFn: ({ signal }) => apiFetch<PasswordPolicySettings>('/settings/password-policy', { signal }),
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (policy.data) setDraft((d) => d ?? structuredClone(policy.data));
  }, [policy.data]);

  const save = useMutation({
    mutationFn: (body: PasswordPolicySettings) => apiFetch<PasswordPolicySettings>('/settings/password-policy', { method: 'PUT', body }),
    onSuccess: (result) => {
      queryClient.setQueryData(passwordPolicyKey, result);
      setDraft(structuredClone(result));
      setSaved(true);
    },
  });

  const issues = issuesByPath(save.error);
  const msg = (path: string) => (missing[path] ? t('settings.wholeNumber') : fieldMessage(issues, path));
  const FIELDS = ['profile', 'historyCount', 'mfaRequired', 'expiration.neverExpire', 'expiration.validityDays', 'expiration.notificationDays'];

  const update = (change: (d: Draft) => Draft) => {
    setSaved(false);
    setDraft((d) => (d ? change(d) : d));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const empty = {
      historyCount: draft.historyCount === null,
      'expiration.validityDays': draft.expiration.validityDays === null,
      'expiration.notificationDays': draft.expiration.notificationDays === null,
    };
    setMissing(empty);
    if (Object.values(empty).some(Boolean)) return;
    save.mutate(draft as PasswordPolicySettings);
  };

  const cancel = () => {
    if (policy.data) setDraft(structuredClone(policy.data));
    setMissing({});
    setSaved(false);
    save.reset();
  };

  const profileHint = (profile: PolicyProfile) => (profile === 'entra' ? t('policy.entraHint') : t('policy.nistHint'));
  const readOnly = !canEditPolicy;
  const dirty = !!draft && !same(draft, policy.data);

  return (
    <Page title={t('policy.pageTitle')} breadcrumb={<SettingsBreadcrumb items={[{ label: t('nav.settings') }, { label: t('nav.orgSettings') }, { label: t('policy.pageTitle') }]} />}>
      {policy.isError ? <ErrorBar error={policy.error} onRetry={() => void policy.refetch()} /> : null}
      {policy.isPending || !draft ? (
        policy.isError ? null : <Spinner label={t('app.loading')} />
      ) : (
        <form className={styles.form} onSubmit={onSubmit} noValidate aria-label={t('policy.pageTitle')}>
          <Card className={styles.card} aria-labelledby="policy-heading">
            <div className={styles.cardHeader}>
              <Subtitle2 as="h2" id="policy-heading">
                {t('policy.heading')}
              </Subtitle2>
              <Text as="p" className={styles.muted}>
                {t('policy.description')}
              </Text>
            </div>
            {readOnly ? (
              <MessageBar intent="info" layout="multiline" data-testid="policy-read-only">
                <MessageBarBody>{t('policy.readOnly')}</MessageBarBody>
              </MessageBar>
            ) : null}
            <Field label={t('policy.profile')} validationMessage={msg('profile')}>
              <RadioGroup
                value={draft.profile}
                disabled={readOnly}
                onChange={(_, d) => update((x) => ({ ...x, profile: d.value as PolicyProfile }))}
              >
                {(['entra', 'nist'] as const).map((profile) => (
                  <Radio
                    key={profile}
                    value={profile}
                    aria-describedby={`profile-${profile}-hint`}
                    label={
                      <span className={styles.radioLabel}>
                        <span>{t(`policy.${profile}`)}</span>
                        <span className={styles.radioHint} id={`profile-${profile}-hint`}>
                          {profileHint(profile)}
                        </span>
                      </span>
                    }
                  />
                ))}
              </RadioGroup>
            </Field>
            {draft.profile === 'nist' ? (
              <Field validationMessage={msg('mfaRequired')} hint={t('policy.mfaHint')}>
                <Switch
                  checked={draft.mfaRequired}
                  disabled={readOnly}
                  label={t('policy.mfaRequired')}
                  onChange={(_, d) => update((x) => ({ ...x, mfaRequired: d.checked }))}
                />
              </Field>
            ) : null}
            <Field label={t('policy.history')} hint={t('policy.historyHint')} validationMessage={msg('historyCount')}>
              <SpinButton
                className={styles.spin}
                min={0}
                max={24}
                disabled={readOnly}
                value={draft.historyCount}
                displayValue={draft.historyCount === null ? '' : undefined}
                onChange={(_, d) => update((x) => ({ ...x, historyCount: spinValue(d) }))}
              />
            </Field>
          </Card>

          <Card className={styles.card} aria-labelledby="expiry-heading">
            <div className={styles.cardHeader}>
              <Subtitle2 as="h2" id="expiry-heading">
                {t('policy.expiryHeading')}
              </Subtitle2>
              <Text as="p" className={styles.muted}>
                {t('policy.expiryDescription')}
              </Text>
            </div>
            <Field validationMessage={msg('expiration.neverExpire')}>
              <Checkbox
                checked={draft.expiration.neverExpire}
                label={t('policy.neverExpire')}
                onChange={(_, d) => update((x) => ({ ...x, expiration: { ...x.expiration, neverExpire: d.checked === true } }))}
              />
            </Field>
            <div className={styles.numbers}>
              <Field label={t('policy.validityDays')} hint={t('policy.validityHint')} validationMessage={msg('expiration.validityDays')}>
                <SpinButton
                  className={styles.spin}
                  min={14}
                  max={730}
                  disabled={draft.expiration.neverExpire}
                  value={draft.expiration.validityDays}
                  displayValue={draft.expiration.validityDays === null ? '' : undefined}
                  onChange={(_, d) => update((x) => ({ ...x, expiration: { ...x.expiration, validityDays: spinValue(d) } }))}
                />
              </Field>
              <Field label={t('policy.notificationDays')} hint={t('policy.notificationHint')} validationMessage={msg('expiration.notificationDays')}>
                <SpinButton
                  className={styles.spin}
                  min={1}
                  max={30}
                  disabled={draft.expiration.neverExpire}
                  value={draft.expiration.notificationDays}
                  displayValue={draft.expiration.notificationDays === null ? '' : undefined}
                  onChange={(_, d) => update((x) => ({ ...x, expiration: { ...x.expiration, notificationDays: spinValue(d) } }))}
                />
              </Field>
            </div>
          </Card>

          <div className={styles.footer}>
            {save.error ? <SaveErrorBar error={save.error} shownPaths={(p) => FIELDS.includes(p)} /> : null}
            {saved ? (
              <MessageBar intent="success" role="status">
                <MessageBarBody>{t('settings.saved')}</MessageBarBody>
              </MessageBar>
            ) : null}
            <div className={styles.actions}>
              <Button type="submit" appearance="primary" disabled={save.isPending} icon={save.isPending ? <Spinner size="tiny" /> : undefined}>
                {save.isPending ? t('settings.saving') : t('settings.save')}
              </Button>
              <Button onClick={cancel} disabled={save.isPending || (!dirty && !save.error)}>
                {t('settings.cancel')}
              </Button>
            </div>
          </div>
        </form>
      )}
    </Page>
  );
}
