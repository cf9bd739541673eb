import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  Input,
  OverlayDrawer,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../shared/Page';
import { SettingsBreadcrumb } from '../settings/SettingsBreadcrumb';

/** The styles the report and log pages share with Active users: a white surface, command bar, filters, grid and footer. */
export const useReportStyles = makeStyles({
  surface: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
    padding: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  commandBar: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    paddingBottom: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  toolbar: { flexGrow: 1, paddingInline: 0 },
  filters: { display: 'flex', flexWrap: 'wrap', alignItems: 'end', gap: tokens.spacingHorizontalL },
  filter: { minWidth: '180px' },
  dateInput: { width: '170px' },
  scroll: { overflowX: 'auto' },
  row: { cursor: 'pointer' },
  footer: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, minHeight: '32px' },
  muted: { color: tokens.colorNeutralForeground2 },
  empty: { padding: `${tokens.spacingVerticalXXL} 0`, textAlign: 'center', color: tokens.colorNeutralForeground2 },
  nowrap: { whiteSpace: 'nowrap' },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

/** From and To as local calendar days (native date inputs). */
export function DateRangeFilter({ from, to, onChange }: { from: string; to: string; onChange: (range: { from: string; to: string }) => void }) {
  const { t } = useTranslation();
  const styles = useReportStyles();
  const backwards = !!from && !!to && from > to;
  return (
    <>
      <Field label={t('reports.from')}>
        <Input type="date" className={styles.dateInput} value={from} max={to || undefined} onChange={(_, d) => onChange({ from: d.value, to })} />
      </Field>
      <Field label={t('reports.to')} validationMessage={backwards ? t('reports.rangeBackwards') : undefined}>
        <Input type="date" className={styles.dateInput} value={to} min={from || undefined} onChange={(_, d) => onChange({ from, to: d.value })} />
      </Field>
    </>
  );
}

/** "N shown" and Load more under a paged list. */
export function LoadMoreFooter({
  count,
  countText,
  hasMore,
  loadingMore,
  refreshing,
  onMore,
}: {
  count: number;
  countText: string;
  hasMore: boolean;
  loadingMore: boolean;
  refreshing: boolean;
  onMore: () => void;
}) {
  const { t } = useTranslation();
  const styles = useReportStyles();
  return (
    <div className={styles.footer}>
      {count ? (
        <Text className={styles.muted} role="status">
          {countText}
        </Text>
      ) : null}
      {hasMore ? (
        <Button onClick={onMore} disabled={loadingMore}>
          {loadingMore ? t('reports.loadingMore') : t('reports.loadMore')}
        </Button>
      ) : null}
      {refreshing ? <Spinner size="tiny" aria-label={t('app.loading')} /> : null}
    </div>
  );
}

const useDetailStyles = makeStyles({
  list: {
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalM,
    margin: 0,
  },
  pair: { display: 'contents' },
  term: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, paddingBottom: tokens.spacingVerticalXL },
});

export interface DetailRow {
  label: string;
  /** Rendered as text (or the node given); null and '' show a dash. */
  value: ReactNode;
}

/** Label/value pairs as a description list. Values are React text, never HTML. */
export function DetailsList({ rows, label }: { rows: DetailRow[]; label?: string }) {
  const styles = useDetailStyles();
  return (
    <dl className={styles.list} aria-label={label}>
      {rows.map((row, index) => (
        <div key={`${row.label}-${index}`} className={styles.pair}>
          <dt className={styles.term}>{row.label}</dt>
          <dd className={styles.value}>{row.value === null || row.value === undefined || row.value === '' ? '—' : row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The details panel on the right, as Entra's sign-in and audit log details. */
export function DetailsDrawer({
  open,
  title,
  onClose,
  children,
  testId,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const styles = useDetailStyles();
  return (
    <OverlayDrawer position="end" size="medium" open={open} onOpenChange={(_, d) => (d.open ? undefined : onClose())} data-testid={testId}>
      <DrawerHeader>
        <DrawerHeaderTitle action={<Button appearance="subtle" aria-label={t('reports.close')} icon={<DismissRegular />} onClick={onClose} />}>
          {title}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={styles.body}>{children}</DrawerBody>
    </OverlayDrawer>
  );
}

/** A page under Reports: its title, subtitle and the Reports breadcrumb. */
export function ReportPage({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Page title={title} subtitle={subtitle} breadcrumb={<SettingsBreadcrumb items={[{ label: t('nav.reports') }, { label: title }]} />}>
      {children}
    </Page>
  );
}
