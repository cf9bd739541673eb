import {
  Badge,
  Button,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  Dropdown,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Subtitle2,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableCellLayout,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Toolbar,
  ToolbarButton,
  createTableColumn,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import type { BadgeProps, TableColumnDefinition, TableColumnSizingOptions } from '@fluentui/react-components';
import { ArrowClockwiseRegular, MailInboxRegular } from '@fluentui/react-icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { useDateFormatter } from '../../shared/format';
import { Page } from '../../shared/Page';
import { MAIL_STATUSES } from '../../shared/types';
import type { DevMail, MailDeliveries, MailDelivery, MailStatus } from '../../shared/types';
import { DetailsDrawer, DetailsList, LoadMoreFooter, useReportStyles } from '../reports/parts';
import { SettingsBreadcrumb } from './SettingsBreadcrumb';

const PAGE_SIZE = 50;

const useStyles = makeStyles({
  subject: { display: 'flex', flexDirection: 'column', minWidth: 0, paddingBlock: tokens.spacingVerticalXS },
  ellipsis: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  template: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, fontFamily: tokens.fontFamilyMonospace },
  error: { color: tokens.colorPaletteRedForeground1 },
  mailbox: { display: 'grid', gridTemplateColumns: 'minmax(260px, 1fr) 2fr', gap: tokens.spacingHorizontalL, alignItems: 'start', '@media (max-width: 900px)': { gridTemplateColumns: '1fr' } },
  messages: { display: 'flex', flexDirection: 'column', margin: 0, padding: 0, listStyle: 'none', border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, overflow: 'hidden' },
  message: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'stretch',
    gap: tokens.spacingVerticalXXS,
    width: '100%',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: 'none',
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    textAlign: 'start',
    font: 'inherit',
    color: 'inherit',
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  messageSelected: { backgroundColor: tokens.colorBrandBackground2, ':hover': { backgroundColor: tokens.colorBrandBackground2Hover } },
  messageSubject: { fontWeight: tokens.fontWeightSemibold, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  messageMeta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  reader: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, minWidth: 0 },
  body: {
    margin: 0,
    padding: tokens.spacingHorizontalM,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase300,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
  placeholder: { color: tokens.colorNeutralForeground2, padding: tokens.spacingVerticalXXL, textAlign: 'center' },
});

const sizing: TableColumnSizingOptions = {
  recipient: { idealWidth: 260, minWidth: 160 },
  subject: { idealWidth: 300, minWidth: 180 },
  status: { idealWidth: 110, minWidth: 90 },
  attempts: { idealWidth: 90, minWidth: 70 },
  created: { idealWidth: 160, minWidth: 130 },
  sent: { idealWidth: 160, minWidth: 130 },
  lastError: { idealWidth: 220, minWidth: 120 },
};

const STATUS_COLOR: Record<MailStatus, BadgeProps['color']> = { queued: 'informative', sending: 'brand', sent: 'success', failed: 'danger' };
const OUTCOME_COLOR: Record<MailDelivery['log'][number]['outcome'], BadgeProps['color']> = { sent: 'success', retry: 'warning', failed: 'danger' };

function StatusBadge({ status }: { status: MailStatus }) {
  const { t } = useTranslation();
  return (
    <Badge appearance="tint" color={STATUS_COLOR[status]}>
      {t(`mail.statuses.${status}`)}
    </Badge>
  );
}

/**
 * Settings > Mail (`mail:read`): the delivery log of the notification outbox (queued, sent,
 * failed with the reason, each retry) and, when no SMTP server is configured, the dev mailbox
 * that keeps the mail instead. Mail is shown as its text version only, never as HTML.
 */
export function MailPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'deliveries' | 'mailbox'>('deliveries');
  const [openMail, setOpenMail] = useState<{ recipient: string; subject: string | null; after: string } | null>(null);
  const [status, setStatus] = useState<MailStatus | ''>('');

  const deliveries = useInfiniteQuery({
    queryKey: ['mail', 'deliveries', { status }],
    queryFn: ({ pageParam, signal }) => apiFetch<MailDeliveries>('/mail/deliveries', { query: { status, limit: PAGE_SIZE, before: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
    placeholderData: (previous) => previous,
  });
  const transport = deliveries.data?.pages[0]?.transport;
  const devMailbox = transport === 'dev-mailbox';

  return (
    <Page title={t('mail.title')} subtitle={t('mail.subtitle')} breadcrumb={<SettingsBreadcrumb items={[{ label: t('nav.settings') }, { label: t('mail.title') }]} />}>
      {devMailbox ? (
        <MessageBar intent="info" layout="multiline" data-testid="dev-mailbox-notice">
          <MessageBarBody>{t('mail.devMailboxNotice')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {devMailbox ? (
        <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as 'deliveries' | 'mailbox')} aria-label={t('mail.title')}>
          <Tab value="deliveries">{t('mail.deliveries')}</Tab>
          <Tab value="mailbox" icon={<MailInboxRegular />}>
            {t('mail.devMailbox')}
          </Tab>
        </TabList>
      ) : null}
      {tab === 'mailbox' && devMailbox ? (
        <DevMailbox open={openMail} />
      ) : (
        <DeliveryLog
          query={deliveries}
          status={status}
          onStatus={setStatus}
          onOpenInMailbox={
            devMailbox
              ? (d) => {
                  setOpenMail({ recipient: d.recipient, subject: d.subject, after: d.createdDateTime });
                  setTab('mailbox');
                }
              : undefined
          }
        />
      )}
    </Page>
  );
}

type DeliveriesQuery = UseInfiniteQueryResult<InfiniteData<MailDeliveries>, Error>;

function DeliveryLog({ query, status, onStatus, onOpenInMailbox }: { query: DeliveriesQuery; status: MailStatus | ''; onStatus: (s: MailStatus | '') => void; onOpenInMailbox?: (d: MailDelivery) => void }) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const report = useReportStyles();
  const format = useDateFormatter();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const selected = items.find((d) => d.id === selectedId) ?? null;
  const refreshing = query.isFetching && !query.isFetchingNextPage;

  const columns = useMemo<TableColumnDefinition<MailDelivery>[]>(
    () => [
      createTableColumn<MailDelivery>({
        columnId: 'recipient',
        renderHeaderCell: () => t('mail.recipient'),
        renderCell: (d) => (
          <TableCellLayout truncate title={d.recipient}>
            <Link as="button" type="button" onClick={() => setSelectedId(d.id)} aria-label={t('mail.openDetails', { recipient: d.recipient })}>
              {d.recipient}
            </Link>
          </TableCellLayout>
        ),
      }),
      createTableColumn<MailDelivery>({
        columnId: 'subject',
        renderHeaderCell: () => t('mail.subject'),
        renderCell: (d) => (
          <div className={styles.subject} title={d.subject ?? undefined}>
            <span className={styles.ellipsis}>{d.subject ?? '—'}</span>
            <span className={mergeClasses(styles.template, styles.ellipsis)}>{d.template}</span>
          </div>
        ),
      }),
      createTableColumn<MailDelivery>({ columnId: 'status', renderHeaderCell: () => t('mail.status'), renderCell: (d) => <StatusBadge status={d.status} /> }),
      createTableColumn<MailDelivery>({ columnId: 'attempts', renderHeaderCell: () => t('mail.attempts'), renderCell: (d) => d.attempts }),
      createTableColumn<MailDelivery>({ columnId: 'created', renderHeaderCell: () => t('mail.created'), renderCell: (d) => <span className={report.nowrap}>{format(d.createdDateTime)}</span> }),
      createTableColumn<MailDelivery>({ columnId: 'sent', renderHeaderCell: () => t('mail.sent'), renderCell: (d) => <span className={report.nowrap}>{format(d.sentDateTime) ?? '—'}</span> }),
      createTableColumn<MailDelivery>({
        columnId: 'lastError',
        renderHeaderCell: () => t('mail.lastError'),
        renderCell: (d) => (
          <TableCellLayout truncate title={d.lastError ?? undefined}>
            {d.lastError ? <span className={styles.error}>{d.lastError}</span> : '—'}
          </TableCellLayout>
        ),
      }),
    ],
    // format only depends on the language, which `t` and `i18n.language` follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language, styles, report],
  );

  return (
    <div className={report.surface}>
      <div className={report.commandBar}>
        <Toolbar aria-label={t('mail.commands')} className={report.toolbar}>
          <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void query.refetch()} disabled={refreshing}>
            {t('reports.refresh')}
          </ToolbarButton>
        </Toolbar>
      </div>
      <div className={report.filters} role="group" aria-label={t('reports.filters')}>
        <Field label={t('mail.status')}>
          <Dropdown
            className={report.filter}
            value={status ? t(`mail.statuses.${status}`) : t('mail.allStatuses')}
            selectedOptions={[status]}
            onOptionSelect={(_, d) => onStatus((d.optionValue ?? '') as MailStatus | '')}
          >
            <Option value="">{t('mail.allStatuses')}</Option>
            {MAIL_STATUSES.map((s) => (
              <Option key={s} value={s}>
                {t(`mail.statuses.${s}`)}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>
      {query.isError ? <ErrorBar error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending ? (
        <Spinner label={t('app.loading')} />
      ) : items.length === 0 && !query.isError ? (
        <Text as="p" className={report.empty} role="status">
          {status ? t('mail.emptyStatus') : t('mail.empty')}
        </Text>
      ) : items.length ? (
        <div className={report.scroll} aria-busy={refreshing}>
          <DataGrid items={items} columns={columns} getRowId={(d: MailDelivery) => d.id} resizableColumns columnSizingOptions={sizing} aria-label={t('mail.deliveries')} focusMode="composite">
            <DataGridHeader>
              <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
            </DataGridHeader>
            <DataGridBody<MailDelivery>>
              {({ item, rowId }) => (
                <DataGridRow<MailDelivery> key={rowId} className={report.row} onClick={() => setSelectedId(item.id)}>
                  {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
                </DataGridRow>
              )}
            </DataGridBody>
          </DataGrid>
        </div>
      ) : null}
      <LoadMoreFooter
        count={items.length}
        countText={t('mail.count', { count: items.length })}
        hasMore={!!query.hasNextPage}
        loadingMore={query.isFetchingNextPage}
        refreshing={refreshing && !query.isPending}
        onMore={() => void query.fetchNextPage()}
      />
      <DetailsDrawer open={!!selected} title={t('mail.detailsTitle')} onClose={() => setSelectedId(null)} testId="delivery-details">
        {selected ? (
          <>
            <DetailsList
              rows={[
                { label: t('mail.recipient'), value: selected.recipient },
                { label: t('mail.subject'), value: selected.subject },
                { label: t('mail.template'), value: <span className={report.code}>{selected.template}</span> },
                { label: t('mail.language'), value: selected.locale },
                { label: t('mail.channel'), value: t(`mail.channels.${selected.channel}`) },
                { label: t('mail.status'), value: <StatusBadge status={selected.status} /> },
                { label: t('mail.attempts'), value: String(selected.attempts) },
                { label: t('mail.created'), value: format(selected.createdDateTime) },
                { label: t('mail.sent'), value: format(selected.sentDateTime) },
                ...(selected.nextAttemptDateTime ? [{ label: t('mail.nextAttempt'), value: format(selected.nextAttemptDateTime) }] : []),
                { label: t('mail.lastError'), value: selected.lastError },
              ]}
            />
            <Subtitle2 as="h3" id="attempts-heading">
              {t('mail.attemptLog')}
            </Subtitle2>
            {selected.log.length ? (
              <Table size="small" aria-labelledby="attempts-heading">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t('mail.attemptTime')}</TableHeaderCell>
                    <TableHeaderCell>{t('mail.attemptOutcome')}</TableHeaderCell>
                    <TableHeaderCell>{t('mail.attemptDetail')}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {selected.log.map((a, index) => (
                    <TableRow key={`${a.dateTime}-${index}`}>
                      <TableCell>{format(a.dateTime)}</TableCell>
                      <TableCell>
                        <Badge appearance="tint" color={OUTCOME_COLOR[a.outcome]}>
                          {t(`mail.outcomes.${a.outcome}`)}
                        </Badge>
                      </TableCell>
                      <TableCell>{a.detail ?? '—'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : (
              <Text className={report.muted}>{t('mail.noAttempts')}</Text>
            )}
            {onOpenInMailbox && selected.status === 'sent' ? (
              <div>
                <Button icon={<MailInboxRegular />} onClick={() => onOpenInMailbox(selected)}>
                  {t('mail.openInMailbox')}
                </Button>
              </div>
            ) : null}
          </>
        ) : null}
      </DetailsDrawer>
    </div>
  );
}

/** The dev mailbox: messages on the left, the selected one's text version on the right. */
function DevMailbox({ open }: { open: { recipient: string; subject: string | null; after: string } | null }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const report = useReportStyles();
  const format = useDateFormatter();
  const mailbox = useQuery({
    queryKey: ['mail', 'dev-mailbox'],
    queryFn: ({ signal }) => apiFetch<{ enabled: boolean; items: DevMail[] }>('/mail/dev-mailbox', { query: { limit: 200 }, signal }),
  });
  const items = mailbox.data?.items ?? [];
  // Opened from a delivery: the oldest message to that recipient with that subject since it was queued.
  const fromDelivery = open
    ? [...items].reverse().find((m) => m.recipient === open.recipient && (!open.subject || m.subject === open.subject) && m.createdDateTime >= open.after)
    : undefined;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = items.find((m) => m.id === selectedId) ?? fromDelivery ?? null;

  return (
    <div className={report.surface}>
      <div className={report.commandBar}>
        <Toolbar aria-label={t('mail.commands')} className={report.toolbar}>
          <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void mailbox.refetch()} disabled={mailbox.isFetching}>
            {t('reports.refresh')}
          </ToolbarButton>
        </Toolbar>
      </div>
      {mailbox.isError ? <ErrorBar error={mailbox.error} onRetry={() => void mailbox.refetch()} /> : null}
      {mailbox.isPending ? (
        <Spinner label={t('app.loading')} />
      ) : !items.length ? (
        <Text as="p" className={report.empty} role="status">
          {t('mail.mailboxEmpty')}
        </Text>
      ) : (
        <div className={styles.mailbox}>
          <ul className={styles.messages} aria-label={t('mail.messages')}>
            {items.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  className={mergeClasses(styles.message, selected?.id === m.id && styles.messageSelected)}
                  aria-current={selected?.id === m.id ? 'true' : undefined}
                  onClick={() => setSelectedId(m.id)}
                >
                  <span className={styles.messageSubject}>{m.subject}</span>
                  <span className={styles.messageMeta}>
                    {m.recipient} · {format(m.createdDateTime)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <section className={styles.reader} aria-label={t('mail.reader')} data-testid="mail-reader">
            {selected ? (
              <>
                <Subtitle2 as="h2">{selected.subject}</Subtitle2>
                <DetailsList
                  rows={[
                    { label: t('mail.to'), value: selected.recipient },
                    { label: t('mail.received'), value: format(selected.createdDateTime) },
                  ]}
                />
                <Text weight="semibold">{t('mail.textVersion')}</Text>
                {/* The text version only: the HTML version is never rendered here. */}
                <pre className={styles.body}>{selected.text}</pre>
              </>
            ) : (
              <Text as="p" className={styles.placeholder}>
                {t('mail.selectMessage')}
              </Text>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
