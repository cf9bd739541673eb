import { Field, MessageBar, MessageBarBody, RadioGroup, Spinner, Switch, Text, makeStyles } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { useDateFormatter } from '../../shared/format';
import type { BreachedPasswordSettings, BreachedPasswordSource } from '../../../shared/settings.js';
import { useNumberFormat } from '../useNumberFormat';
import { HintedRadio, NumberSettings, SettingsCard } from './settingsParts';
import { useSettingsForm } from './useSettingsForm';
import type { SettingsForm } from './useSettingsForm';

export const breachedPasswordsKey = ['settings', 'breached-passwords'] as const;
const sourceKey = ['settings', 'breached-passwords', 'source'] as const;

type Draft = Omit<BreachedPasswordSettings, 'threshold'> & { threshold: number | null };
const FIELDS: readonly string[] = ['enabled', 'threshold', 'onUnavailable'];
/** The issue paths the card shows next to its fields. */
export const breachedShown = (path: string) => FIELDS.includes(path);

/** The breached-password document (`settings:password-policy`); `enabled` false reads nothing. */
export function useBreachedPasswordsForm(enabled: boolean) {
  return useSettingsForm<BreachedPasswordSettings, Draft>({
    queryKey: breachedPasswordsKey,
    path: '/settings/breached-passwords',
    toDraft: (settings) => ({ ...settings }),
    toSettings: (draft) => draft as BreachedPasswordSettings,
    check: (d) => ({ threshold: d.threshold === null && 'settings.wholeNumber' }),
    enabled,
  });
}

/**
 * Settings > Password protection > Breached passwords (`settings:password-policy`; issue 17,
 * checklist P5): which source the check uses (set by the operator: a range service URL or an
 * imported list), whether it is on, the threshold and what an outage does. Saved by the page's one Save.
 */
export function BreachedPasswordsCard({ form }: { form: SettingsForm<BreachedPasswordSettings, Draft> }) {
  const { t } = useTranslation();
  const { query: settings, draft, update, msg } = form;

  if (settings.isError) return <ErrorBar error={settings.error} onRetry={() => void settings.refetch()} />;
  if (settings.isPending || !draft) return <Spinner label={t('app.loading')} />;

  return (
    <SettingsCard headingId="breached-heading" title={t('breached.heading')} description={t('breached.description')}>
      <BreachedSource />
      <Field hint={t('breached.enabledHint')} validationMessage={msg('enabled')}>
        <Switch checked={draft.enabled} label={t('breached.enabled')} onChange={(_, d) => update((x) => ({ ...x, enabled: d.checked }))} />
      </Field>
      <NumberSettings
        settings={[{ field: 'threshold', label: t('breached.threshold'), hint: t('breached.thresholdHint'), min: 1, max: 1_000_000 }]}
        disabled={!draft.enabled}
        values={draft}
        msg={msg}
        onChange={(change) => update((x) => ({ ...x, ...change }))}
      />
      <Field label={t('breached.onUnavailable')} validationMessage={msg('onUnavailable')}>
        <RadioGroup
          value={draft.onUnavailable}
          disabled={!draft.enabled}
          onChange={(_, d) => update((x) => ({ ...x, onUnavailable: d.value as Draft['onUnavailable'] }))}
        >
          {(['allow', 'refuse'] as const).map((value) => (
            <HintedRadio key={value} value={value} label={t(`breached.${value}`)} hint={t(`breached.${value}Hint`)} hintId={`breached-${value}-hint`} />
          ))}
        </RadioGroup>
      </Field>
    </SettingsCard>
  );
}

const useStyles = makeStyles({
  // The source's URL or variable name is one long word: it wraps inside the bar on a phone.
  source: { overflowWrap: 'anywhere' },
});

/** Which source is in use, as the server reports it (the operator's choice, not a setting here). */
function BreachedSource() {
  const { t } = useTranslation();
  const styles = useStyles();
  const number = useNumberFormat();
  const date = useDateFormatter();
  const source = useQuery({
    queryKey: sourceKey,
    queryFn: ({ signal }) => apiFetch<BreachedPasswordSource>('/settings/breached-passwords/source', { signal }),
  });
  if (source.isError) return <ErrorBar error={source.error} onRetry={() => void source.refetch()} />;
  if (!source.data) return <Spinner size="tiny" label={t('app.loading')} />;
  const { mode, url, imported } = source.data;
  const about = imported ? { entries: number(imported.entries), file: imported.fileName, date: date(imported.importedDateTime) } : null;
  return (
    <MessageBar intent={mode === 'off' ? 'warning' : 'info'} layout="multiline" data-testid="breached-source" data-mode={mode}>
      <MessageBarBody className={styles.source}>
        <Text as="p">
          {mode === 'online' ? t('breached.sourceOnline', { url }) : mode === 'offline' && about ? t('breached.sourceOffline', about) : t('breached.sourceOff')}
        </Text>
        {mode === 'online' && about ? <Text as="p">{t('breached.importedUnused', about)}</Text> : null}
      </MessageBarBody>
    </MessageBar>
  );
}
