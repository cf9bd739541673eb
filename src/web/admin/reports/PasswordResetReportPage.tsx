import {
  Badge,
  Button,
  Dropdown,
  Field,
  Input,
  Option,
  Tab,
  TabList,
  TableCellLayout,
  Text,
  createTableColumn,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { BadgeProps, TableColumnDefinition, TableColumnSizingOptions } from '@fluentui/react-components';
import { SearchRegular } from '@fluentui/react-icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { apiFetch, apiUrl } from '../../shared/api';
import { useDateFormatter } from '../../shared/format';
import { Page } from '../../shared/Page';
import { PASSWORD_RESET_OUTCOMES } from '../../shared/types';
import type { Page as ApiPage, MethodKind, PasswordResetActivity, PasswordResetActivityPage, PasswordResetRegistration } from '../../shared/types';
import { SettingsBreadcrumb } from '../settings/SettingsBreadcrumb';
import { useDebounced } from '../useDebounced';
import { dateRangeQuery } from './labels';
import { DateRangeFilter, useReportStyles } from './parts';
import { ReportCommandBar, ReportGrid } from './ReportGrid';

const PAGE_SIZE = 50;
const TABS = ['registration', 'usage'] as const;
type TabId = (typeof TABS)[number];

const useStyles = makeStyles({
  tabs: { marginBottom: `calc(-1 * ${tokens.spacingVerticalS})` },
  user: { display: 'flex', flexDirection: 'column', minWidth: 0, paddingBlock: tokens.spacingVerticalXS },
  ellipsis: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  upn: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  search: { minWidth: '260px' },
  // Outcomes are a few words; the badge grows instead of wrapping inside its pill.
  badge: { whiteSpace: 'nowrap', flexShrink: 0 },
  summary: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'stretch' },
  tile: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    minWidth: '140px',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  tileValue: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: 'tabular-nums' },
  tileLabel: { color: tokens.colorNeutralForeground2 },
  reasons: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  reason: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalL },
  reasonCount: { fontVariantNumeric: 'tabular-nums', fontWeight: tokens.fontWeightSemibold },
});

/** A method kind as text, with the names My account > Security info uses. */
function kindLabel(t: TFunction, kind: MethodKind | string): string {
  return t(`securityInfo.kinds.${kind}`, { defaultValue: kind });
}

function kindsText(t: TFunction, kinds: readonly string[]): string {
  return kinds.length ? kinds.map((k) => kindLabel(t, k)).join(', ') : '—';
}

/** An attempt's outcome as text: "Completed", "Wrong code or answer"…; an unknown code as itself. */
export function outcomeLabel(t: TFunction, outcome: string | null): string {
  if (outcome === null || outcome === 'open') return t('ssprReports.inProgress');
  if (outcome === 'failed') return t('ssprReports.filterFailed');
  return t(`ssprReports.outcomes.${outcome}`, { defaultValue: outcome });
}

function OutcomeBadge({ outcome }: { outcome: string | null }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const color: BadgeProps['color'] = outcome === null ? 'informative' : outcome === 'completed' ? 'success' : outcome === 'abandoned' || outcome === 'superseded' ? 'subtle' : 'danger';
  return (
    <Badge appearance="tint" color={color} className={styles.badge}>
      {outcomeLabel(t, outcome)}
    </Badge>
  );
}

/**
 * Reports > Password reset, as Entra's registration and usage reports: who has registered enough
 * methods to reset their own password, and every self-service reset with its outcome.
 */
export function PasswordResetReportPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const reportStyles = useReportStyles();
  const [params, setParams] = useSearchParams();
  const tab: TabId = params.get('tab') === 'usage' ? 'usage' : 'registration';
  const title = t('ssprReports.title');
  return (
    <Page title={title} subtitle={t('ssprReports.subtitle')} breadcrumb={<SettingsBreadcrumb items={[{ label: t('nav.reports') }, { label: title }]} />}>
      <TabList
        className={styles.tabs}
        selectedValue={tab}
        onTabSelect={(_, d) => setParams(d.value === 'usage' ? { tab: 'usage' } : {}, { replace: true })}
        aria-label={title}
      >
        <Tab value="registration">{t('ssprReports.registrationTab')}</Tab>
        <Tab value="usage">{t('ssprReports.usageTab')}</Tab>
      </TabList>
      <div className={reportStyles.surface} role="tabpanel" aria-label={tab === 'usage' ? t('ssprReports.usageTab') : t('ssprReports.registrationTab')}>
        {tab === 'usage' ? <UsageTab /> : <RegistrationTab />}
      </div>
    </Page>
  );
}

const registrationSizing: TableColumnSizingOptions = {
  user: { idealWidth: 300, minWidth: 180 },
  registered: { idealWidth: 150, minWidth: 110 },
  methods: { idealWidth: 340, minWidth: 160 },
  confirmed: { idealWidth: 180, minWidth: 140 },
};

function RegistrationTab() {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const reportStyles = useReportStyles();
  const format = useDateFormatter();
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 300);
  const [registered, setRegistered] = useState<'' | 'true' | 'false'>('');
  const filters = { search, registered };
  const report = useInfiniteQuery({
    queryKey: ['reports', 'password-reset', 'registration', filters],
    queryFn: ({ pageParam, signal }) =>
      apiFetch<ApiPage<PasswordResetRegistration>>('/reports/password-reset/registration', { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
  const filtered = !!(search || registered);
  const registeredText = (value: '' | 'true' | 'false') => (value === 'true' ? t('ssprReports.registered') : value === 'false' ? t('ssprReports.notRegistered') : t('reports.all'));

  const columns = useMemo<TableColumnDefinition<PasswordResetRegistration>[]>(
    () => [
      createTableColumn<PasswordResetRegistration>({
        columnId: 'user',
        renderHeaderCell: () => t('ssprReports.user'),
        renderCell: (r) => (
          <div className={styles.user} title={r.userPrincipalName}>
            <span className={styles.ellipsis}>{r.displayName}</span>
            <span className={styles.upn}>{r.userPrincipalName}</span>
          </div>
        ),
      }),
      createTableColumn<PasswordResetRegistration>({
        columnId: 'registered',
        renderHeaderCell: () => t('ssprReports.status'),
        renderCell: (r) =>
          r.registered ? (
            <Badge appearance="tint" color="success">
              {t('ssprReports.registered')}
            </Badge>
          ) : (
            <Badge appearance="tint" color="warning">
              {t('ssprReports.notRegistered')}
            </Badge>
          ),
      }),
      createTableColumn<PasswordResetRegistration>({
        columnId: 'methods',
        renderHeaderCell: () => t('ssprReports.methods'),
        renderCell: (r) => <TableCellLayout truncate>{kindsText(t, r.methods)}</TableCellLayout>,
      }),
      createTableColumn<PasswordResetRegistration>({
        columnId: 'confirmed',
        renderHeaderCell: () => t('ssprReports.confirmed'),
        renderCell: (r) => <span className={reportStyles.nowrap}>{format(r.confirmedAt) ?? '—'}</span>,
      }),
    ],
    // format only depends on the language, which `t` and `i18n.language` follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language, styles, reportStyles],
  );

  return (
    <>
      <ReportCommandBar
        onRefresh={() => void report.refetch()}
        refreshing={report.isFetching && !report.isFetchingNextPage}
        csvHref={apiUrl('/reports/password-reset/registration.csv', filters)}
        csvName="password-reset-registration.csv"
      />
      <div className={reportStyles.filters} role="group" aria-label={t('reports.filters')}>
        <Field label={t('ssprReports.search')}>
          <Input className={styles.search} contentBefore={<SearchRegular />} type="search" value={searchText} placeholder={t('ssprReports.searchPlaceholder')} onChange={(_, d) => setSearchText(d.value)} />
        </Field>
        <Field label={t('ssprReports.status')}>
          <Dropdown className={reportStyles.filter} value={registeredText(registered)} selectedOptions={[registered]} onOptionSelect={(_, d) => setRegistered((d.optionValue ?? '') as '' | 'true' | 'false')}>
            <Option value="">{t('reports.all')}</Option>
            <Option value="true">{t('ssprReports.registered')}</Option>
            <Option value="false">{t('ssprReports.notRegistered')}</Option>
          </Dropdown>
        </Field>
        {filtered ? (
          <Button
            appearance="subtle"
            onClick={() => {
              setSearchText('');
              setRegistered('');
            }}
          >
            {t('reports.clearFilters')}
          </Button>
        ) : null}
      </div>
      <ReportGrid
        query={report}
        columns={columns}
        sizing={registrationSizing}
        getRowId={(r) => r.userId}
        gridLabel={t('ssprReports.registrationGrid')}
        emptyText={t('ssprReports.registrationEmpty')}
        filtered={filtered}
        countText={(count) => t('ssprReports.usersCount', { count })}
      />
    </>
  );
}

const usageSizing: TableColumnSizingOptions = {
  started: { idealWidth: 160, minWidth: 140 },
  user: { idealWidth: 230, minWidth: 150 },
  outcome: { idealWidth: 230, minWidth: 190 },
  methods: { idealWidth: 170, minWidth: 120 },
  ip: { idealWidth: 120, minWidth: 100 },
  finished: { idealWidth: 160, minWidth: 140 },
};

function UsageTab() {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const reportStyles = useReportStyles();
  const format = useDateFormatter();
  const [range, setRange] = useState({ from: '', to: '' });
  const [outcome, setOutcome] = useState('');
  const filters = { outcome, ...dateRangeQuery(range.from, range.to) };
  const report = useInfiniteQuery({
    queryKey: ['reports', 'password-reset', 'activity', filters],
    queryFn: ({ pageParam, signal }) => apiFetch<PasswordResetActivityPage>('/reports/password-reset/activity', { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
  const filtered = !!(outcome || range.from || range.to);
  const summary = report.data?.pages[0]?.summary;
  const number = (n: number) => new Intl.NumberFormat(i18n.language === 'nl' ? 'nl-NL' : 'en-GB').format(n);
  const reasons = summary ? Object.entries(summary.byReason).filter(([, n]) => n > 0).sort(([, a], [, b]) => b - a) : [];

  const columns = useMemo<TableColumnDefinition<PasswordResetActivity>[]>(
    () => [
      createTableColumn<PasswordResetActivity>({ columnId: 'started', renderHeaderCell: () => t('ssprReports.started'), renderCell: (a) => <span className={reportStyles.nowrap}>{format(a.startedAt)}</span> }),
      createTableColumn<PasswordResetActivity>({
        columnId: 'user',
        renderHeaderCell: () => t('ssprReports.user'),
        renderCell: (a) => (
          <TableCellLayout truncate title={a.userPrincipalName ?? undefined}>
            {a.userPrincipalName ?? <span className={reportStyles.muted}>{t('ssprReports.unknownUser')}</span>}
          </TableCellLayout>
        ),
      }),
      createTableColumn<PasswordResetActivity>({ columnId: 'outcome', renderHeaderCell: () => t('ssprReports.outcome'), renderCell: (a) => <OutcomeBadge outcome={a.outcome} /> }),
      createTableColumn<PasswordResetActivity>({
        columnId: 'methods',
        renderHeaderCell: () => t('ssprReports.methodsProven'),
        renderCell: (a) => <TableCellLayout truncate>{kindsText(t, a.methodsProven)}</TableCellLayout>,
      }),
      createTableColumn<PasswordResetActivity>({ columnId: 'ip', renderHeaderCell: () => t('ssprReports.ipAddress'), renderCell: (a) => a.ipAddress ?? '—' }),
      createTableColumn<PasswordResetActivity>({ columnId: 'finished', renderHeaderCell: () => t('ssprReports.finished'), renderCell: (a) => <span className={reportStyles.nowrap}>{format(a.finishedAt) ?? '—'}</span> }),
    ],
    // format only depends on the language, which `t` and `i18n.language` follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language, styles, reportStyles],
  );

  return (
    <>
      <ReportCommandBar
        onRefresh={() => void report.refetch()}
        refreshing={report.isFetching && !report.isFetchingNextPage}
        csvHref={apiUrl('/reports/password-reset/activity.csv', filters)}
        csvName="password-reset-activity.csv"
      />
      <div className={reportStyles.filters} role="group" aria-label={t('reports.filters')}>
        <DateRangeFilter from={range.from} to={range.to} onChange={setRange} />
        <Field label={t('ssprReports.outcome')}>
          <Dropdown className={reportStyles.filter} value={outcome ? outcomeLabel(t, outcome) : t('reports.all')} selectedOptions={[outcome]} onOptionSelect={(_, d) => setOutcome(d.optionValue ?? '')}>
            <Option value="">{t('reports.all')}</Option>
            <Option value="failed">{t('ssprReports.filterFailed')}</Option>
            <Option value="open">{t('ssprReports.inProgress')}</Option>
            {PASSWORD_RESET_OUTCOMES.map((o) => (
              <Option key={o} value={o}>
                {outcomeLabel(t, o)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {filtered ? (
          <Button
            appearance="subtle"
            onClick={() => {
              setRange({ from: '', to: '' });
              setOutcome('');
            }}
          >
            {t('reports.clearFilters')}
          </Button>
        ) : null}
      </div>
      <ReportGrid
        query={report}
        columns={columns}
        sizing={usageSizing}
        getRowId={(a) => a.id}
        gridLabel={t('ssprReports.usageGrid')}
        emptyText={t('ssprReports.usageEmpty')}
        filtered={filtered}
        countText={(count) => t('ssprReports.attemptsCount', { count })}
      >
        {summary ? (
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
        ) : null}
      </ReportGrid>
    </>
  );
}
