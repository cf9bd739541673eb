import { Badge, Field, Input, TableCellLayout } from '@fluentui/react-components';
import { SearchRegular } from '@fluentui/react-icons';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../shared/api';
import { useDateFormatter } from '../../shared/format';
import type { Page as ApiPage } from '../../../shared/api.js';
import type { PasswordResetRegistration } from '../../../shared/reports.js';
import { useDebounced } from '../useDebounced';
import { ChoiceFilter, useFilterValues } from './filters';
import { DateCell, column } from './cells';
import type { ReportColumn } from './cells';
import { kindsText, usePasswordResetStyles } from './passwordResetParts';
import { ReportView, usePagedQuery } from './ReportGrid';

/** Reports > Password reset > Registration: who has registered enough methods, with a search and a status filter. */
export function RegistrationTab() {
  const { t, i18n } = useTranslation();
  const styles = usePasswordResetStyles();
  const format = useDateFormatter();
  const f = useFilterValues<{ searchText: string; registered: '' | 'true' | 'false' }>({ searchText: '', registered: '' });
  const { searchText, registered } = f.values;
  const search = useDebounced(searchText.trim(), 300);
  const filters = { search, registered };
  const report = usePagedQuery<ApiPage<PasswordResetRegistration>>(
    ['reports', 'password-reset', 'registration', filters],
    '/reports/password-reset/registration',
    filters,
  );
  const filtered = !!(search || registered);

  const columns = useMemo<ReportColumn<PasswordResetRegistration>[]>(
    () => [
      column(
        'user',
        t('ssprReports.user'),
        (r) => (
          <div className={styles.user} title={r.userPrincipalName}>
            <span className={styles.ellipsis}>{r.displayName}</span>
            <span className={styles.upn}>{r.userPrincipalName}</span>
          </div>
        ),
        [300, 180],
      ),
      column(
        'registered',
        t('ssprReports.status'),
        (r) =>
          r.registered ? (
            <Badge appearance="tint" color="success">
              {t('ssprReports.registered')}
            </Badge>
          ) : (
            <Badge appearance="tint" color="warning">
              {t('ssprReports.notRegistered')}
            </Badge>
          ),
        [150, 110],
      ),
      column('methods', t('ssprReports.methods'), (r) => <TableCellLayout truncate>{kindsText(t, r.methods)}</TableCellLayout>, [340, 160]),
      column('confirmed', t('ssprReports.confirmed'), (r) => <DateCell text={format(r.confirmedAt)} />, [180, 140]),
    ],
    // format only depends on the language, which `t` and `i18n.language` follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language, styles],
  );

  return (
    <ReportView
      query={report}
      csv={{ href: apiUrl('/reports/password-reset/registration.csv', filters), name: 'password-reset-registration.csv' }}
      filtered={filtered}
      onClear={f.clear}
      filters={
        <>
          <Field label={t('ssprReports.search')}>
            <Input
              className={styles.search}
              contentBefore={<SearchRegular />}
              type="search"
              value={searchText}
              placeholder={t('ssprReports.searchPlaceholder')}
              onChange={(_, d) => f.update({ searchText: d.value })}
            />
          </Field>
          <ChoiceFilter
            label={t('ssprReports.status')}
            value={registered}
            onChange={(v) => f.update({ registered: v })}
            options={[
              { value: 'true', text: t('ssprReports.registered') },
              { value: 'false', text: t('ssprReports.notRegistered') },
            ]}
          />
        </>
      }
      columns={columns}
      getRowId={(r) => r.userId}
      gridLabel={t('ssprReports.registrationGrid')}
      emptyText={t('ssprReports.registrationEmpty')}
      countText={(count) => t('ssprReports.usersCount', { count })}
    />
  );
}
