import { Badge, Button, Spinner, Table, TableBody, TableCell, TableRow, Text } from '@fluentui/react-components';
import { SignOutRegular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../shared/api';
import { ErrorBar } from '../shared/ErrorBar';
import { useDateFormatter } from '../shared/format';
import { clearSession } from '../shared/session';
import { TableHeaderRow } from '../shared/TableHeaderRow';
import type { Session } from '../../shared/users.js';
import { DeviceCell, deviceName } from './DeviceCell';

const sessionsKey = ['me', 'sessions'] as const;

export function SessionsList() {
  const { t } = useTranslation();
  const format = useDateFormatter();
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: sessionsKey,
    queryFn: ({ signal }) => apiFetch<{ items: Session[] }>('/me/sessions', { signal }),
  });
  const end = useMutation({
    mutationFn: (session: Session) => apiFetch<void>(`/me/sessions/${encodeURIComponent(session.id)}`, { method: 'DELETE' }),
    onSuccess: (_, session) => {
      if (session.current) {
        clearSession(queryClient, { onPurpose: true });
      } else {
        void queryClient.invalidateQueries({ queryKey: sessionsKey });
      }
    },
  });

  if (sessions.isPending) return <Spinner size="small" label={t('app.loading')} />;
  if (sessions.isError) return <ErrorBar error={sessions.error} onRetry={() => void sessions.refetch()} />;
  const items = [...sessions.data.items].sort((a, b) => Number(b.current) - Number(a.current));
  if (!items.length) return <Text>{t('security.noSessions')}</Text>;

  return (
    <>
      {end.error ? <ErrorBar error={end.error} /> : null}
      <Table aria-labelledby="sessions-heading" size="small">
        <TableHeaderRow
          columns={[t('security.device'), t('security.ipAddress'), t('security.signedIn'), t('security.lastSeen'), t('security.expires')]}
          actions={t('security.actions')}
        />
        <TableBody>
          {items.map((s) => {
            const device = deviceName(s.userAgent, t);
            return (
              <TableRow key={s.id}>
                <DeviceCell userAgent={s.userAgent}>
                  {device}{' '}
                  {s.current ? (
                    <Badge appearance="tint" color="success" size="small">
                      {t('security.current')}
                    </Badge>
                  ) : null}
                </DeviceCell>
                <TableCell>{s.ipAddress ?? '—'}</TableCell>
                <TableCell>{format(s.createdDateTime)}</TableCell>
                <TableCell>{format(s.lastSeenDateTime)}</TableCell>
                <TableCell>{format(s.expiresDateTime)}</TableCell>
                <TableCell>
                  <Button
                    size="small"
                    icon={<SignOutRegular />}
                    aria-label={t('security.signOutSessionLabel', { device })}
                    disabled={end.isPending}
                    onClick={() => end.mutate(s)}
                  >
                    {t('security.signOutSession')}
                  </Button>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </>
  );
}
