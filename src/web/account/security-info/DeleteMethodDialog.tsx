import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import type { MethodKind } from '../../../shared/methods.js';
import { useRefreshSecurityInfo } from './api';
import { methodLabel } from './labels';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export interface DeleteTarget {
  /** A method id, or 'security-questions'. */
  id: string;
  kind: MethodKind;
  value: string | null;
}

/**
 * Delete a method (`DELETE /me/methods/{id}`). It needs a fresh sign-in: when the sign-in is older
 * than the step-up window, "Verify your identity" opens first (issue 17).
 */
export function DeleteMethodDialog({
  target,
  onClose,
  onDeleted,
}: {
  target: DeleteTarget | null;
  onClose: () => void;
  onDeleted: (target: DeleteTarget) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const refresh = useRefreshSecurityInfo();

  const remove = useMutation({
    mutationFn: (item: DeleteTarget) => apiFetch<void>(`/me/methods/${encodeURIComponent(item.id)}`, { method: 'DELETE' }),
    onSuccess: async (_, item) => {
      await refresh();
      onDeleted(item);
    },
  });

  const resetRemove = remove.reset;
  useEffect(() => {
    resetRemove();
  }, [target, resetRemove]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (target) remove.mutate(target);
  };

  const label = target ? methodLabel(t, target.kind) : '';

  return (
    <Dialog open={!!target} modalType="alert" onOpenChange={(_, d) => (d.open ? undefined : onClose())}>
      <DialogSurface aria-describedby="delete-method-text">
        <form onSubmit={onSubmit} noValidate>
          <DialogBody>
            <DialogTitle>{t('securityInfo.deleteTitle', { method: label })}</DialogTitle>
            <DialogContent className={styles.content}>
              <Text as="p" id="delete-method-text">
                {target?.kind === 'securityQuestions'
                  ? t('securityInfo.deleteQuestionsText')
                  : target?.value
                    ? t('securityInfo.deleteText', { method: label, value: target.value })
                    : t('securityInfo.deleteAppText')}
              </Text>
              {remove.error ? <ErrorBar error={remove.error} /> : null}
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" autoFocus disabled={remove.isPending} icon={remove.isPending ? <Spinner size="tiny" /> : undefined}>
                {t('securityInfo.delete')}
              </Button>
              <Button onClick={onClose} disabled={remove.isPending}>
                {t('securityInfo.cancel')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
