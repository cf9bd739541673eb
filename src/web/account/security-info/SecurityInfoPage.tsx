import {
  Badge,
  Button,
  Card,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableCellLayout,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular, EditRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../shared/ErrorBar';
import { useDateFormatter } from '../../shared/format';
import { Notice } from '../../shared/Notice';
import { Page } from '../../shared/Page';
import { TableHeaderRow } from '../../shared/TableHeaderRow';
import type { MethodKind } from '../../../shared/methods.js';
import type { SecurityInfo, SecurityMethod } from '../../../shared/security-info.js';
import { AddMethodDialog } from './add-method/AddMethodDialog';
import { DeleteMethodDialog } from './DeleteMethodDialog';
import type { DeleteTarget } from './DeleteMethodDialog';
import { registeredKinds, useSecurityInfo, usableCount } from './api';
import { PasskeysSection } from './PasskeysSection';
import { MethodIcon, methodLabel, sortKinds } from './labels';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM, maxWidth: '960px' },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2 },
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  icon: { fontSize: '20px', color: tokens.colorBrandForeground1 },
  scroll: { overflowX: 'auto' },
  value: { overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, justifyContent: 'flex-end', flexWrap: 'wrap' },
  empty: { paddingBlock: tokens.spacingVerticalL, color: tokens.colorNeutralForeground2 },
  notices: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '960px' },
});

/** One row of the list: a registered method, or the security questions as a set. */
interface Row {
  key: string;
  kind: MethodKind;
  value: string;
  createdAt: string | null;
  target: DeleteTarget;
}

function rowsOf(info: SecurityInfo, t: (key: string, options?: Record<string, unknown>) => string): Row[] {
  const rows: Row[] = info.methods.map((m: SecurityMethod) => ({
    key: m.id,
    kind: m.kind,
    value: m.value ?? t('securityInfo.appValue'),
    createdAt: m.createdAt,
    target: { id: m.id, kind: m.kind, value: m.value },
  }));
  if (info.securityQuestions.registered > 0) {
    rows.push({
      key: 'security-questions',
      kind: 'securityQuestions',
      value: t('securityInfo.questionsValue', { count: info.securityQuestions.registered }),
      createdAt: null,
      target: { id: 'security-questions', kind: 'securityQuestions', value: null },
    });
  }
  const order = sortKinds(rows.map((r) => r.kind));
  return rows.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

/** The status line: whether the user can reset their own password with what is registered. */
function StatusBar({ info }: { info: SecurityInfo }) {
  const { t } = useTranslation();
  const { policy } = info;
  if (!policy.enabled) {
    return (
      <MessageBar intent="info" layout="multiline" data-testid="security-info-status">
        <MessageBarBody>{t('securityInfo.statusOff')}</MessageBarBody>
      </MessageBar>
    );
  }
  if (info.registered) {
    return (
      <Notice intent="success" data-testid="security-info-status" title={t('securityInfo.statusReady')}>
        {t('securityInfo.statusReadyDetail', { count: policy.methodsRequired })}
      </Notice>
    );
  }
  const missing = Math.max(1, policy.methodsRequired - usableCount(info));
  return (
    <Notice intent="warning" data-testid="security-info-status" title={t('securityInfo.statusMissing', { count: missing })}>
      {t('securityInfo.statusMissingDetail', { count: policy.methodsRequired })}
    </Notice>
  );
}

/**
 * My account > Security info, as Entra's: the methods the user has registered to prove who they
 * are when resetting their password, with Add sign-in method, Change and Delete.
 */
export function SecurityInfoPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useDateFormatter();
  const info = useSecurityInfo();
  const [adding, setAdding] = useState<{ kind: MethodKind | null } | null>(null);
  const [deleting, setDeleting] = useState<DeleteTarget | null>(null);
  // Kept as a key, so the notice follows a language switch.
  const [notice, setNotice] = useState<{ key: string; kind: MethodKind } | null>(null);

  const data = info.data;
  const registered = data ? registeredKinds(data) : [];
  const addable = data ? sortKinds(data.policy.available.filter((k) => !registered.includes(k) && k !== 'passkey')) : []; // passkeys: PasskeysSection
  const rows = data ? rowsOf(data, t) : [];

  return (
    <Page title={t('securityInfo.title')} subtitle={t('securityInfo.subtitle')}>
      {notice ? (
        <div className={styles.notices}>
          <MessageBar intent="success" role="status">
            <MessageBarBody>{t(notice.key, { method: methodLabel(t, notice.kind) })}</MessageBarBody>
          </MessageBar>
        </div>
      ) : null}
      {info.isError ? <ErrorBar error={info.error} onRetry={() => void info.refetch()} /> : null}
      {info.isPending ? <Spinner label={t('app.loading')} /> : null}
      {data ? (
        <Card className={styles.card} aria-labelledby="methods-heading">
          <div className={styles.header}>
            <Subtitle2 as="h2" id="methods-heading">
              {t('securityInfo.methodsHeading')}
            </Subtitle2>
            <Text as="p" className={styles.muted}>
              {t('securityInfo.methodsDescription')}
            </Text>
          </div>
          <StatusBar info={data} />
          {data.policy.admin ? (
            <MessageBar intent="info" layout="multiline" data-testid="security-info-admin-note">
              <MessageBarBody>{t('securityInfo.adminNote')}</MessageBarBody>
            </MessageBar>
          ) : null}
          <div className={styles.toolbar}>
            <Button appearance="primary" icon={<AddRegular />} disabled={!addable.length} onClick={() => setAdding({ kind: null })}>
              {t('securityInfo.add')}
            </Button>
            {!addable.length && data.policy.available.length ? <Text className={styles.muted}>{t('securityInfo.allAdded')}</Text> : null}
          </div>
          {rows.length ? (
            <div className={styles.scroll}>
              <Table aria-labelledby="methods-heading" size="medium">
                <TableHeaderRow columns={[t('securityInfo.method'), t('securityInfo.details'), t('securityInfo.added')]} actions={t('securityInfo.actions')} />
                <TableBody>
                  {rows.map((row) => {
                    const label = methodLabel(t, row.kind);
                    const usable = data.policy.available.includes(row.kind);
                    return (
                      <TableRow key={row.key}>
                        <TableCell>
                          <TableCellLayout media={<MethodIcon kind={row.kind} className={styles.icon} />}>
                            {label}{' '}
                            {usable ? null : (
                              <Badge appearance="tint" color="subtle" size="small">
                                {t('securityInfo.notUsed')}
                              </Badge>
                            )}
                          </TableCellLayout>
                        </TableCell>
                        <TableCell className={styles.value}>{row.value}</TableCell>
                        <TableCell>{format(row.createdAt) ?? '—'}</TableCell>
                        <TableCell>
                          <div className={styles.actions}>
                            {usable ? (
                              <Button
                                size="small"
                                appearance="subtle"
                                icon={<EditRegular />}
                                aria-label={t('securityInfo.changeLabel', { method: label })}
                                onClick={() => setAdding({ kind: row.kind })}
                              >
                                {t('securityInfo.change')}
                              </Button>
                            ) : null}
                            <Button
                              size="small"
                              appearance="subtle"
                              icon={<DeleteRegular />}
                              aria-label={t('securityInfo.deleteLabel', { method: label })}
                              onClick={() => setDeleting(row.target)}
                            >
                              {t('securityInfo.delete')}
                            </Button>
                          </div>
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </div>
          ) : (
            <Text as="p" className={styles.empty}>
              {t('securityInfo.empty')}
            </Text>
          )}
        </Card>
      ) : null}
      {data ? <PasskeysSection /> : null}
      {adding && data ? (
        <AddMethodDialog
          kinds={adding.kind ? [adding.kind] : addable}
          replacing={adding.kind !== null}
          questionsToRegister={data.policy.questionsToRegister}
          onClose={() => setAdding(null)}
          onAdded={(kind) => {
            setAdding(null);
            setNotice({
              key: kind === 'securityQuestions' ? 'securityInfo.questionsSaved' : adding.kind ? 'securityInfo.changed' : 'securityInfo.addedNotice',
              kind,
            });
          }}
        />
      ) : null}
      <DeleteMethodDialog
        target={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(target) => {
          setDeleting(null);
          setNotice({ key: target.kind === 'securityQuestions' ? 'securityInfo.questionsDeleted' : 'securityInfo.deleted', kind: target.kind });
        }}
      />
    </Page>
  );
}
