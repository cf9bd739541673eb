import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
} from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/users.js';
import { ApiError, apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { useRefreshUsers } from './hooks';

/**
 * "Block sign-in" / "Unblock sign-in", as the admin centre's user actions: `PATCH /users/{id}`
 * with `accountEnabled`. The server decides (Entra's sensitive-actions matrix, the last Global
 * Administrator, step-up through the shared dialog) and signs a blocked user out everywhere.
 * `onDone` gets the user and whether sign-in is now blocked.
 */
export function BlockSignInDialog({ user, onClose, onDone }: { user: User | null; onClose: () => void; onDone: (user: User, blocked: boolean) => void }) {
  const { t } = useTranslation();
  const refreshUsers = useRefreshUsers();
  const change = useMutation({
    mutationFn: (target: User) => apiFetch<void>(`/users/${target.id}`, { method: 'PATCH', body: { accountEnabled: !target.accountEnabled } }),
    onSuccess: (_, target) => {
      void refreshUsers();
      onDone(target, target.accountEnabled);
    },
  });
  const close = () => {
    change.reset();
    onClose();
  };
  const block = user?.accountEnabled ?? true;
  const names = { name: user?.displayName ?? '', upn: user?.userPrincipalName ?? '' };
  return (
    <Dialog open={!!user} modalType="alert" onOpenChange={(_, d) => (d.open ? undefined : close())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{block ? t('userActions.blockTitle', names) : t('userActions.unblockTitle', names)}</DialogTitle>
          <DialogContent>
            <p>{block ? t('userActions.blockBody', names) : t('userActions.unblockBody', names)}</p>
            {change.error ? <BlockError error={change.error} /> : null}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={change.isPending}
              icon={change.isPending ? <Spinner size="tiny" /> : undefined}
              onClick={() => user && change.mutate(user)}
            >
              {block ? t('userActions.blockConfirm') : t('userActions.unblockConfirm')}
            </Button>
            <Button onClick={close}>{t('userActions.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** The server's refusal; the role matrix's code names a reset, so it gets words for this action. */
function BlockError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.code === 'users.reset_not_permitted') {
    return (
      <MessageBar intent="error" role="alert">
        <MessageBarBody>
          <MessageBarTitle>{t('userActions.blockNotPermitted')}</MessageBarTitle>
        </MessageBarBody>
      </MessageBar>
    );
  }
  return <ErrorBar error={error} />;
}
