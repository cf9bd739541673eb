import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Spinner } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import type { User } from '../../../shared/users.js';
import { useRefreshUsers } from './hooks';

export type UserAction = 'unlock' | 'revoke-sessions' | 'require-password-change';

/** What an admin centre page says after an action: a success text or the server's error. */
export type Notice = { intent: 'success'; text: string } | { intent: 'error'; error: unknown };

/** Unlock, sign out of all sessions, require a password change: `POST /users/{id}/<action>` (204). */
export function useUserAction(onNotice: (notice: Notice) => void) {
  const { t } = useTranslation();
  const refreshUsers = useRefreshUsers();
  return useMutation({
    mutationFn: ({ action, user }: { action: UserAction; user: User }) => apiFetch<void>(`/users/${user.id}/${action}`, { method: 'POST' }),
    onSuccess: (_, { action, user }) => {
      onNotice({ intent: 'success', text: t(`userActions.done.${action}`, { name: user.displayName }) });
      void refreshUsers();
    },
    onError: (error) => onNotice({ intent: 'error', error }),
  });
}

/** "Delete user" with a confirmation, as the admin centre. */
export function DeleteUserDialog({ user, onClose, onDeleted }: { user: User | null; onClose: () => void; onDeleted: (user: User) => void }) {
  const { t } = useTranslation();
  const refreshUsers = useRefreshUsers();
  const remove = useMutation({
    mutationFn: (target: User) => apiFetch<void>(`/users/${target.id}`, { method: 'DELETE' }),
    onSuccess: (_, target) => {
      void refreshUsers();
      onDeleted(target);
    },
  });
  return (
    <Dialog
      open={!!user}
      modalType="alert"
      onOpenChange={(_, d) => {
        if (!d.open) {
          remove.reset();
          onClose();
        }
      }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('userActions.deleteTitle', { name: user?.displayName ?? '' })}</DialogTitle>
          <DialogContent>
            <p>{t('userActions.deleteBody', { name: user?.displayName ?? '', upn: user?.userPrincipalName ?? '' })}</p>
            {remove.error ? <ErrorBar error={remove.error} /> : null}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={remove.isPending}
              icon={remove.isPending ? <Spinner size="tiny" /> : undefined}
              onClick={() => user && remove.mutate(user)}
            >
              {t('userActions.deleteConfirm')}
            </Button>
            <Button
              onClick={() => {
                remove.reset();
                onClose();
              }}
            >
              {t('userActions.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
