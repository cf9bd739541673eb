import {
  Badge,
  Button,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableCellLayout,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { DesktopRegular, SignOutRegular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../shared/api';
import { ErrorBar } from '../shared/ErrorBar';
import { useDateFormatter } from '../shared/format';
import { clearSession } from '../shared/session';
import type { Session } from '../shared/types';
import { describeUserAgent } from './userAgent';

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
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('security.device')}</TableHeaderCell>
            <TableHeaderCell>{t('security.ipAddress')}</TableHeaderCell>
            <TableHeaderCell>{t('security.signedIn')}</TableHeaderCell>
            <TableHeaderCell>{t('security.lastSeen')}</TableHeaderCell>
            <TableHeaderCell>{t('security.expires')}</TableHeaderCell>
            <TableHeaderCell>
              <span className="visually-hidden">{t('security.actions')}</span>
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((s) => {
            const device = describeUserAgent(s.userAgent) ?? t('security.unknownDevice');
            return (
              <TableRow key={s.id}>
                <TableCell title={s.userAgent ?? undefined}>
                  <TableCellLayout media={<DesktopRegular aria-hidden />}>
                    {device}{' '}
                    {s.current ? (
                      <Badge appearance="tint" color="success" size="small">
                        {t('security.current')}
                      </Badge>
                    ) : null}
                  </TableCellLayout>
                </TableCell>
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
