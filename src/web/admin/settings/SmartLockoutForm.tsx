import { Button, Card, Field, MessageBar, MessageBarBody, Spinner, SpinButton, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import type { SmartLockoutSettings } from '../../shared/types';
import { SaveErrorBar, fieldMessage, issuesByPath, spinValue } from './formErrors';

export const smartLockoutKey = ['settings', 'smart-lockout'] as const;

const useStyles = makeStyles({
  form: { maxWidth: '760px' },
  card: { padding: tokens.spacingHorizontalXL, gap: tokens.spacingVerticalL },
  cardHeader: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2 },
  numbers: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: tokens.spacingHorizontalXL, alignItems: 'start' },
  spin: { width: '140px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

type Draft = { lockoutThreshold: number | null; lockoutDurationSeconds: number | null };
const FIELDS = ['lockoutThreshold', 'lockoutDurationSeconds'] as const;

/**
 * Settings > Password protection > Smart lockout (`settings:lockout`): how many failed sign-ins
 * lock an account and for how long the first lockout lasts. Its own Save; a 400's issues are shown
 * next to their fields.
 */
export function SmartLockoutForm() {
  const { t } = useTranslation();
  const styles = useStyles();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: smartLockoutKey,
    queryFn: ({ signal }) => apiFetch<SmartLockoutSettings>('/settings/smart-lockout', { signal }),
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (settings.data) setDraft((d) => d ?? { ...settings.data });
  }, [settings.data]);

  const save = useMutation({
    mutationFn: (body: SmartLockoutSettings) => apiFetch<SmartLockoutSettings>('/settings/smart-lockout', { method: 'PUT', body }),
    onSuccess: (result) => {
      queryClient.setQueryData(smartLockoutKey, result);
      setDraft({ ...result });
      setSaved(true);
    },
  });

  const issues = issuesByPath(save.error);
  const msg = (path: string) => (missing[path] ? t('settings.wholeNumber') : fieldMessage(issues, path));
  const update = (change: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => (d ? { ...d, ...change } : d));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const empty = { lockoutThreshold: draft.lockoutThreshold === null, lockoutDurationSeconds: draft.lockoutDurationSeconds === null };
    setMissing(empty);
    if (empty.lockoutThreshold || empty.lockoutDurationSeconds) return;
    save.mutate(draft as SmartLockoutSettings);
  };

  if (settings.isError) return <ErrorBar error={settings.error} onRetry={() => void settings.refetch()} />;
  if (settings.isPending || !draft) return <Spinner label={t('app.loading')} />;

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-labelledby="lockout-heading">
      <Card className={styles.card} aria-labelledby="lockout-heading">
        <div className={styles.cardHeader}>
          <Subtitle2 as="h2" id="lockout-heading">
            {t('lockout.heading')}
          </Subtitle2>
          <Text as="p" className={styles.muted}>
            {t('lockout.description')}
          </Text>
        </div>
        <div className={styles.numbers}>
          <Field label={t('lockout.threshold')} hint={t('lockout.thresholdHint')} validationMessage={msg('lockoutThreshold')}>
            <SpinButton
              className={styles.spin}
              min={1}
              max={50}
              value={draft.lockoutThreshold}
              displayValue={draft.lockoutThreshold === null ? '' : undefined}
              onChange={(_, d) => update({ lockoutThreshold: spinValue(d) })}
            />
          </Field>
          <Field label={t('lockout.duration')} hint={t('lockout.durationHint')} validationMessage={msg('lockoutDurationSeconds')}>
            <SpinButton
              className={styles.spin}
              min={5}
              max={86_400}
              step={5}
              value={draft.lockoutDurationSeconds}
              displayValue={draft.lockoutDurationSeconds === null ? '' : undefined}
              onChange={(_, d) => update({ lockoutDurationSeconds: spinValue(d) })}
            />
          </Field>
        </div>
        {save.error ? <SaveErrorBar error={save.error} shownPaths={(p) => (FIELDS as readonly string[]).includes(p)} /> : null}
        {saved ? (
          <MessageBar intent="success" role="status">
            <MessageBarBody>{t('settings.saved')}</MessageBarBody>
          </MessageBar>
        ) : null}
        <div className={styles.actions}>
          <Button
            type="submit"
            appearance="primary"
            aria-label={save.isPending ? undefined : t('lockout.saveLabel')}
            disabled={save.isPending}
            icon={save.isPending ? <Spinner size="tiny" /> : undefined}
          >
            {save.isPending ? t('settings.saving') : t('settings.save')}
          </Button>
        </div>
      </Card>
    </form>
  );
}
