import { Badge, Spinner, Table, TableBody, TableCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { reasonLabel } from '../admin/reports/labels';
import { apiFetch } from '../shared/api';
import { ErrorBar } from '../shared/ErrorBar';
import { useDateFormatter } from '../shared/format';
import type { SignInEvent } from '../../shared/reports.js';
import { TableHeaderRow } from '../shared/TableHeaderRow';
import { DeviceCell, deviceName } from './DeviceCell';

const useStyles = makeStyles({
  result: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  reason: { color: tokens.colorNeutralForeground2 },
  scroll: { overflowX: 'auto' },
});

/** My account > Security & privacy > Recent sign-ins: the last 10 attempts on the user's account. */
export function RecentSignIns() {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useDateFormatter();
  const signIns = useQuery({
    queryKey: ['me', 'sign-ins'],
    queryFn: ({ signal }) => apiFetch<{ items: SignInEvent[] }>('/me/sign-ins', { query: { limit: 10 }, signal }),
  });

  if (signIns.isPending) return <Spinner size="small" label={t('app.loading')} />;
  if (signIns.isError) return <ErrorBar error={signIns.error} onRetry={() => void signIns.refetch()} />;
  if (!signIns.data.items.length) return <Text>{t('security.noSignIns')}</Text>;

  return (
    <div className={styles.scroll}>
      <Table aria-labelledby="sign-ins-heading" size="small">
        <TableHeaderRow
          columns={[t('security.signInTime'), t('security.signInResult'), t('security.device'), t('security.ipAddress'), t('security.familiarDevice')]}
        />
        <TableBody>
          {signIns.data.items.map((s) => (
            <TableRow key={s.id}>
              <TableCell>{format(s.createdDateTime)}</TableCell>
              <TableCell>
                <span className={styles.result}>
                  {s.result === 'success' ? (
                    <Badge appearance="tint" color="success">
                      {t('signIns.success')}
                    </Badge>
                  ) : (
                    <Badge appearance="tint" color="danger">
                      {t('signIns.failure')}
                    </Badge>
                  )}
                  {s.result === 'failure' || s.reason !== 'success' ? <span className={styles.reason}>{reasonLabel(t, s.reason)}</span> : null}
                </span>
              </TableCell>
              <DeviceCell userAgent={s.userAgent}>{deviceName(s.userAgent, t)}</DeviceCell>
              <TableCell>{s.ipAddress ?? '—'}</TableCell>
              <TableCell>{s.familiarDevice ? t('reports.yes') : t('reports.no')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
