import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../../shared/ErrorBar';
import { CeremonyCancelled, registerPasskey, useRefreshPasskeys, type Passkey } from './api';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Add a passkey: a name, then the browser's own passkey dialog (WebAuthn), then the server verifies it. */
export function AddPasskeyDialog({ open, onClose, onAdded }: { open: boolean; onClose: () => void; onAdded: (passkey: Passkey) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const refresh = useRefreshPasskeys();
  const [name, setName] = useState('');
  const add = useMutation({
    mutationFn: (value: string) => registerPasskey(value),
    onSuccess: async (passkey) => {
      await refresh();
      setName('');
      onAdded(passkey);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(name.trim() || t('passkeys.defaultName'));
  };
  const error = add.error;

  return (
    <Dialog open={open} onOpenChange={(_, d) => (!d.open && !add.isPending ? onClose() : undefined)}>
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{t('passkeys.addTitle')}</DialogTitle>
            <DialogContent className={styles.content}>
              {error instanceof CeremonyCancelled ? (
                <MessageBar intent="warning" layout="multiline" role="alert">
                  <MessageBarBody>{t(error.unsupported ? 'passkeys.unsupported' : 'passkeys.cancelled')}</MessageBarBody>
                </MessageBar>
              ) : error ? (
                <ErrorBar error={error} />
              ) : null}
              <Field label={t('passkeys.nameLabel')} hint={t('passkeys.nameHint')}>
                <Input value={name} maxLength={64} placeholder={t('passkeys.defaultName')} onChange={(_, d) => setName(d.value)} autoFocus />
              </Field>
              {add.isPending ? <Spinner size="tiny" label={t('passkeys.waiting')} /> : null}
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={add.isPending}>
                {t('passkeys.continue')}
              </Button>
              <Button onClick={onClose} disabled={add.isPending}>
                {t('passkeys.cancel')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
