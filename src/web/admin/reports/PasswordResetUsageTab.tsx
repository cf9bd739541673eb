import { TableCellLayout, Text } from '@fluentui/react-components';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../shared/api';
import { useDateFormatter } from '../../shared/format';
import { passwordResetOutcomes } from '../../../shared/reports.js';
import type { PasswordResetActivity, PasswordResetActivityPage } from '../../../shared/reports.js';
import { ChoiceFilter, useFilterValues } from './filters';
import { DateCell, TextCell, column } from './cells';
import type { ReportColumn } from './cells';
import { dateRangeQuery } from './labels';
import { DateRangeFilter } from './parts';
import { useNumberFormat } from '../useNumberFormat';
import { ResetOutcomeBadge, kindsText, outcomeLabel, usePasswordResetStyles } from './passwordResetParts';
import { ReportView, usePagedQuery } from './ReportGrid';

/** Reports > Password reset > Usage: every self-service reset with its outcome, and a summary of the range. */
export function UsageTab() {
  const { t, i18n } = useTranslation();
  const format = useDateFormatter();
  const f = useFilterValues({ from: '', to: '', outcome: '' });
  const filters = { outcome: f.values.outcome, ...dateRangeQuery(f.values.from, f.values.to) };
  const report = usePagedQuery<PasswordResetActivityPage>(['reports', 'password-reset', 'activity', filters], '/reports/password-reset/activity', filters);
  const summary = report.data?.pages[0]?.summary;

  const columns = useMemo<ReportColumn<PasswordResetActivity>[]>(
    () => [
      column('started', t('ssprReports.started'), (a) => <DateCell text={format(a.startedAt)} />, [160, 140]),
      column('user', t('ssprReports.user'), (a) => <TextCell text={a.userPrincipalName} fallback={t('ssprReports.unknownUser')} />, [230, 150]),
      column('outcome', t('ssprReports.outcome'), (a) => <ResetOutcomeBadge outcome={a.outcome} />, [230, 190]),
      column('methods', t('ssprReports.methodsProven'), (a) => <TableCellLayout truncate>{kindsText(t, a.methodsProven)}</TableCellLayout>, [170, 120]),
      column('ip', t('ssprReports.ipAddress'), (a) => a.ipAddress ?? '—', [120, 100]),
      column('finished', t('ssprReports.finished'), (a) => <DateCell text={format(a.finishedAt)} />, [160, 140]),
    ],
    // format only depends on the language, which `t` and `i18n.language` follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language],
  );

  return (
    <ReportView
      query={report}
      csv={{ href: apiUrl('/reports/password-reset/activity.csv', filters), name: 'password-reset-activity.csv' }}
      filtered={f.on}
      onClear={f.clear}
      filters={
        <>
          <DateRangeFilter from={f.values.from} to={f.values.to} onChange={f.update} />
          <ChoiceFilter
            label={t('ssprReports.outcome')}
            value={f.values.outcome}
            onChange={(v) => f.update({ outcome: v })}
            options={['failed', 'open', ...passwordResetOutcomes].map((o) => ({ value: o, text: outcomeLabel(t, o) }))}
          />
        </>
      }
      columns={columns}
      getRowId={(a) => a.id}
      gridLabel={t('ssprReports.usageGrid')}
      emptyText={t('ssprReports.usageEmpty')}
      countText={(count) => t('ssprReports.attemptsCount', { count })}
    >
      {summary ? <UsageSummary summary={summary} /> : null}
    </ReportView>
  );
}

/** Started, completed and failed resets in the range, and the failures by reason. */
function UsageSummary({ summary }: { summary: NonNullable<PasswordResetActivityPage['summary']> }) {
  const { t } = useTranslation();
  const styles = usePasswordResetStyles();
  const number = useNumberFormat();
  const reasons = Object.entries(summary.byReason)
    .filter(([, n]) => n > 0)
    .sort(([, a], [, b]) => b - a);
  return (
    <section className={styles.summary} aria-label={t('ssprReports.summary')} data-testid="password-reset-summary">
      {(['started', 'completed', 'failed'] as const).map((key) => (
        <div key={key} className={styles.tile}>
          <span className={styles.tileValue}>{number(summary[key])}</span>
          <span className={styles.tileLabel}>{t(`ssprReports.${key}Count`)}</span>
        </div>
      ))}
      <div className={styles.tile}>
        <Text weight="semibold">{t('ssprReports.byReason')}</Text>
        {reasons.length ? (
          <ul className={styles.reasons}>
            {reasons.map(([reason, n]) => (
              <li key={reason} className={styles.reason}>
                <span>{outcomeLabel(t, reason)}</span>
                <span className={styles.reasonCount}>{number(n)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <span className={styles.tileLabel}>{t('ssprReports.noFailures')}</span>
        )}
      </div>
    </section>
  );
}
