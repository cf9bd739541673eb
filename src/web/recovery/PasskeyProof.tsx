import { Button, MessageBar, MessageBarBody, Spinner, Text } from '@fluentui/react-components';
import { startAuthentication } from '@simplewebauthn/browser';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recoveryApi } from '../recovery/flow';
import type { FlowView } from '../../shared/recovery.js';
import { Problem, useRetryAfter } from '../recovery/Problem';

interface Props {
  flowId: string;
  onVerified: (flow: FlowView) => void;
  handleError: (err: unknown) => boolean;
}

/**
 * Proving a passkey at the reset portal (issue 17; Entra does not offer this): the server's
 * options (a challenge bound to this reset), the browser's passkey dialog, the server's check.
 */
export function PasskeyProof({ flowId, onVerified, handleError }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [cancelled, setCancelled] = useState<'cancelled' | 'unsupported' | null>(null);
  const [pending, setPending] = useState(false);
  const wait = useRetryAfter(error);

  const prove = async () => {
    setError(null);
    setCancelled(null);
    setPending(true);
    try {
      const optionsJSON = await recoveryApi.passkeyOptions(flowId);
      let assertion;
      try {
        assertion = await startAuthentication({ optionsJSON });
      } catch (err) {
        setCancelled(err instanceof Error && err.name === 'NotSupportedError' ? 'unsupported' : 'cancelled');
        return;
      }
      onVerified(await recoveryApi.verifyPasskey(flowId, assertion));
    } catch (err) {
      if (!handleError(err)) setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Text as="p">{t('portal.methods.passkey.description')}</Text>
      {error ? <Problem error={error} secondsLeft={wait} /> : null}
      {cancelled ? (
        <MessageBar intent="warning" layout="multiline" role="alert">
          <MessageBarBody>{t(`portal.methods.passkey.${cancelled}`)}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div>
        <Button appearance="primary" disabled={pending || wait > 0} icon={pending ? <Spinner size="tiny" /> : undefined} onClick={() => void prove()}>
          {t('portal.methods.passkey.action')}
        </Button>
      </div>
    </>
  );
}
