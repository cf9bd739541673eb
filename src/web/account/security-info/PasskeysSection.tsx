import {
  Badge,
  Button,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableCellLayout,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular, KeyMultipleRegular } from '@fluentui/react-icons';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../shared/ErrorBar';
import { useDateFormatter } from '../../shared/format';
import { AddPasskeyDialog } from './passkeys/AddPasskeyDialog';
import { removePasskey, usePasskeys, useRefreshPasskeys, type Passkey } from './passkeys/api';

const useStyles = makeStyles({
  // As the methods card above it.
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM, maxWidth: '960px' },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2 },
  icon: { fontSize: '20px', color: tokens.colorBrandForeground1 },
});

/**
 * My account > Security info > Passkeys (issue 17): the user's passkeys, Add a passkey (WebAuthn
 * in the browser) and Remove. Adding and removing need a fresh sign-in proof (step-up).
 */
export function PasskeysSection() {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useDateFormatter();
  const list = usePasskeys();
  const refresh = useRefreshPasskeys();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Passkey | null>(null);
  const [notice, setNotice] = useState<{ key: string; name: string } | null>(null);
  const remove = useMutation({
    mutationFn: (p: Passkey) => removePasskey(p.id),
    onSuccess: async (_, p) => {
      await refresh();
      setRemoving(null);
      setNotice({ key: 'passkeys.removed', name: p.name });
    },
  });
  const passkeys = list.data?.passkeys ?? [];

  return (
    <Card className={styles.card} aria-labelledby="passkeys-heading" data-testid="passkeys-section">
      <div className={styles.header}>
        <Subtitle2 as="h2" id="passkeys-heading">
          {t('passkeys.heading')}
        </Subtitle2>
        <Text as="p" className={styles.muted}>
          {t('passkeys.description')}
        </Text>
      </div>
      {notice ? (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{t(notice.key, { name: notice.name })}</MessageBarBody>
        </MessageBar>
      ) : null}
      {list.isError ? <ErrorBar error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isPending ? <Spinner size="tiny" label={t('app.loading')} /> : null}
      <div>
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setAdding(true)}>
          {t('passkeys.add')}
        </Button>
      </div>
      {passkeys.length ? (
        <Table aria-labelledby="passkeys-heading" size="medium">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('passkeys.name')}</TableHeaderCell>
              <TableHeaderCell>{t('passkeys.created')}</TableHeaderCell>
              <TableHeaderCell>{t('passkeys.lastUsed')}</TableHeaderCell>
              <TableHeaderCell>{t('passkeys.actions')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {passkeys.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  <TableCellLayout media={<KeyMultipleRegular className={styles.icon} aria-hidden />}>
                    {p.name}{' '}
                    {p.backedUp ? (
                      <Badge appearance="tint" color="informative" size="small">
                        {t('passkeys.synced')}
                      </Badge>
                    ) : null}
                  </TableCellLayout>
                </TableCell>
                <TableCell>{format(p.createdAt) ?? '—'}</TableCell>
                <TableCell>{format(p.lastUsedAt) ?? t('passkeys.never')}</TableCell>
                <TableCell>
                  <Button
                    size="small"
                    appearance="subtle"
                    icon={<DeleteRegular />}
                    aria-label={t('passkeys.removeLabel', { name: p.name })}
                    onClick={() => setRemoving(p)}
                  >
                    {t('passkeys.remove')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : list.isSuccess ? (
        <Text as="p" className={styles.muted}>
          {t('passkeys.empty')}
        </Text>
      ) : null}
      <AddPasskeyDialog
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={(p) => {
          setAdding(false);
          setNotice({ key: 'passkeys.added', name: p.name });
        }}
      />
      <Dialog open={removing !== null} onOpenChange={(_, d) => (!d.open && !remove.isPending ? setRemoving(null) : undefined)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('passkeys.removeTitle')}</DialogTitle>
            <DialogContent>
              {remove.error ? <ErrorBar error={remove.error} /> : null}
              <Text as="p">{t('passkeys.removeText', { name: removing?.name ?? '' })}</Text>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" disabled={remove.isPending} onClick={() => removing && remove.mutate(removing)}>
                {t('passkeys.remove')}
              </Button>
              <Button disabled={remove.isPending} onClick={() => setRemoving(null)}>
                {t('passkeys.cancel')}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Card>
  );
}
