import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { PasswordInput } from '../../shared/password/PasswordInput';
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

/** Delete a method: the current password confirms it (`DELETE /me/methods/{id}`). */
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
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const passwordRef = useRef<HTMLInputElement>(null);

  const remove = useMutation({
    mutationFn: (item: DeleteTarget) =>
      apiFetch<void>(`/me/methods/${encodeURIComponent(item.id)}`, {
        method: 'DELETE',
        body: { currentPassword: password },
        keepSessionOn401: ['auth.invalid_credentials'],
      }),
    onSuccess: async (_, item) => {
      await refresh();
      onDeleted(item);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'auth.invalid_credentials') {
        setError(t('securityInfo.passwordIncorrect'));
        setPassword('');
        passwordRef.current?.focus();
      }
    },
  });

  // A fresh form each time the dialog opens.
  const [shownTarget, setShownTarget] = useState(target);
  if (shownTarget !== target) {
    setShownTarget(target);
    setPassword('');
    setError(undefined);
  }
  const resetRemove = remove.reset;
  useEffect(() => {
    resetRemove();
  }, [target, resetRemove]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!target) return;
    if (!password) {
      setError(t('securityInfo.passwordRequired'));
      passwordRef.current?.focus();
      return;
    }
    setError(undefined);
    remove.mutate(target);
  };

  const label = target ? methodLabel(t, target.kind) : '';
  const otherError = remove.error && !(remove.error instanceof ApiError && remove.error.code === 'auth.invalid_credentials') ? remove.error : null;

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
              {otherError ? <ErrorBar error={otherError} /> : null}
              <Field label={t('securityInfo.currentPassword')} required validationMessage={error}>
                <PasswordInput ref={passwordRef} autoComplete="current-password" autoFocus value={password} onValueChange={setPassword} />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={remove.isPending} icon={remove.isPending ? <Spinner size="tiny" /> : undefined}>
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
