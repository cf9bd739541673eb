import { Combobox, Field, InfoLabel, Option, Subtitle2, Text } from '@fluentui/react-components';
import type { LabelProps } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { deviceLabel } from '../../../shared/user-agent.js';
import type { AuditEvent } from '../../../shared/reports.js';
import type { Outcome } from '../../../shared/api.js';
import { useDateFormatter } from '../../shared/format';
import { OutcomeBadge } from './cells';
import { KNOWN_ACTIONS, actionLabel, initiatorLabel } from './labels';
import { DetailsList, useReportStyles } from './parts';
import { detailKeyLabel, detailValueLabel } from './detailLabels';

export function AuditOutcomeBadge({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  return <OutcomeBadge outcome={outcome} success={t('audit.success')} failure={t('audit.failure')} />;
}

/** A value from an event's details as plain text: strings as they are, everything else as JSON. */
export function detailText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- last resort for what JSON cannot encode (cycles, bigint): the default text is acceptable
    return String(value);
  }
}

/** The activity filter: a known action picked by name, or any action code typed. */
export function ActionFilter({ text, code, onChange }: { text: string; code: string; onChange: (next: { text: string; code: string }) => void }) {
  const { t } = useTranslation();
  const styles = useReportStyles();
  return (
    <Field
      label={{
        children: (_: unknown, props: LabelProps) => (
          <InfoLabel {...props} info={t('audit.activityHint')}>
            {t('audit.activity')}
          </InfoLabel>
        ),
      }}
    >
      <Combobox
        className={styles.filter}
        freeform
        clearable
        placeholder={t('audit.allActivities')}
        value={text}
        selectedOptions={code && KNOWN_ACTIONS.includes(code) ? [code] : []}
        onChange={(e) => {
          // Typed text is an action code (the list offers the known ones by name).
          const typed = e.target.value;
          const known = KNOWN_ACTIONS.find((a) => actionLabel(t, a).toLowerCase() === typed.trim().toLowerCase());
          onChange({ text: typed, code: known ?? typed });
        }}
        onOptionSelect={(_, d) => onChange({ code: d.optionValue ?? '', text: d.optionValue ? actionLabel(t, d.optionValue) : '' })}
      >
        {[...KNOWN_ACTIONS]
          .sort((a, b) => actionLabel(t, a).localeCompare(actionLabel(t, b)))
          .map((a) => (
            <Option key={a} value={a} text={actionLabel(t, a)}>
              {actionLabel(t, a)}
            </Option>
          ))}
      </Combobox>
    </Field>
  );
}

/** The details panel's content: the event, then its details as text. */
export function AuditDetails({ event: e }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const styles = useReportStyles();
  const format = useDateFormatter();
  const details = Object.entries(e.details);
  const code = (text: string | null) => (text ? <span className={styles.code}>{text}</span> : null);
  return (
    <>
      <DetailsList
        rows={[
          { label: t('audit.date'), value: format(e.activityDateTime) },
          { label: t('audit.activity'), value: actionLabel(t, e.action) },
          { label: t('audit.activityCode'), value: code(e.action) },
          { label: t('audit.outcome'), value: <AuditOutcomeBadge outcome={e.outcome} /> },
          { label: t('audit.initiatedBy'), value: initiatorLabel(t, e) },
          { label: t('audit.actorId'), value: e.actorId },
          { label: t('audit.target'), value: e.targetName },
          { label: t('audit.targetId'), value: e.targetId },
          { label: t('audit.ipAddress'), value: e.ipAddress },
          { label: t('audit.device'), value: deviceLabel(e.userAgent) },
          { label: t('audit.userAgent'), value: e.userAgent },
          { label: t('audit.correlationId'), value: code(e.correlationId) },
          { label: t('audit.id'), value: code(e.id) },
        ]}
      />
      <Subtitle2 as="h3">{t('audit.additionalDetails')}</Subtitle2>
      {details.length ? (
        <DetailsList
          label={t('audit.additionalDetails')}
          rows={details.map(([key, value]) => ({ label: detailKeyLabel(t, key), value: detailValueLabel(t, key, value, detailText) }))}
        />
      ) : (
        <Text className={styles.muted}>{t('audit.noDetails')}</Text>
      )}
    </>
  );
}
