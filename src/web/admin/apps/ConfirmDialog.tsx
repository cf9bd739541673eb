import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Spinner } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../shared/ErrorBar';

/**
 * "Are you sure?" for the app page's actions (delete, consent, revoke), as the admin centre's
 * delete dialogs: the server's error shows inside it, and it closes only when the action is done
 * or cancelled.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirm,
  pending,
  error,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirm: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_, d) => (d.open || pending ? undefined : onCancel())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>
            {children}
            {error ? <ErrorBar error={error} /> : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={pending} icon={pending ? <Spinner size="tiny" /> : undefined} onClick={onConfirm}>
              {confirm}
            </Button>
            <Button disabled={pending} onClick={onCancel}>
              {t('apps.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
