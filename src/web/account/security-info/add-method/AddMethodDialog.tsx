import { Dialog, DialogSurface, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodKind } from '../../../../shared/methods.js';
import type { AuthenticatorVerification, MethodVerification } from '../../../../shared/security-info.js';
import { apiFetch } from '../../../shared/api';
import { START_PATHS, isCodeKind } from '../api';
import { useDialogStyles } from '../dialogStyles';
import { AppPasswordStep } from './AppPasswordStep';
import { AppQrCode } from './AppQrCode';
import { ChooseMethodStep } from './ChooseMethodStep';
import { ContactStep } from './ContactStep';
import { APP_CODE_DIGITS, SENT_CODE_DIGITS, startBody } from './parts';
import { SecurityQuestionsStep } from './SecurityQuestionsStep';
import { VerifyCodeStep } from './VerifyCodeStep';

type Step =
  | { name: 'choose' }
  | { name: 'start' }
  | { name: 'code'; verification: MethodVerification; destination: string }
  | { name: 'app'; verification: AuthenticatorVerification };

interface Props {
  /** The methods to offer; with one, the dialog starts there (Change, or a single choice). */
  kinds: MethodKind[];
  /** Change: the new method replaces the registered one of its kind. */
  replacing: boolean;
  questionsToRegister: number;
  onClose: () => void;
  onAdded: (kind: MethodKind) => void;
}

/**
 * Add sign-in method, as Entra's wizard: choose a method, then prove it. Email and phones get a
 * code sent to them; the authenticator app shows a QR code and its key, confirmed with a code from
 * the app; security questions are chosen and answered. A start needs a fresh sign-in: when the
 * sign-in is older than the step-up window, "Verify your identity" opens over this dialog (issue 17).
 * Each step is its own component in this folder; this shell holds what they share.
 */
export function AddMethodDialog({ kinds, replacing, questionsToRegister, onClose, onAdded }: Props) {
  const { t } = useTranslation();
  const styles = useDialogStyles();
  const [kind, setKind] = useState<MethodKind | null>(kinds.length === 1 ? kinds[0]! : null);
  const [step, setStep] = useState<Step>(kinds.length === 1 ? { name: 'start' } : { name: 'choose' });
  // Kept while the dialog is open so Back and "Send a new code" need no retyping; gone when it closes.
  const [destination, setDestination] = useState('');
  const back = kinds.length > 1 ? () => setStep({ name: 'choose' }) : undefined;
  const stepProps = { onBack: back, onCancel: onClose };

  let body: ReactNode = null;
  if (step.name === 'choose' || !kind) {
    body = (
      <ChooseMethodStep
        kinds={kinds}
        value={kind}
        onNext={(k) => {
          if (k !== kind) setDestination('');
          setKind(k);
          setStep({ name: 'start' });
        }}
        onCancel={onClose}
      />
    );
  } else if (kind === 'securityQuestions') {
    body = <SecurityQuestionsStep replacing={replacing} count={questionsToRegister} {...stepProps} onDone={() => onAdded(kind)} />;
  } else if (step.name === 'start' && isCodeKind(kind)) {
    body = (
      <ContactStep
        kind={kind}
        destination={destination}
        onDestinationChange={setDestination}
        {...stepProps}
        onStarted={(verification, to) => setStep({ name: 'code', verification, destination: to })}
      />
    );
  } else if (step.name === 'start' && kind === 'authenticatorApp') {
    body = <AppPasswordStep {...stepProps} onStarted={(verification) => setStep({ name: 'app', verification })} />;
  } else if (step.name === 'code' && isCodeKind(kind)) {
    body = (
      <VerifyCodeStep
        kind={kind}
        digits={SENT_CODE_DIGITS}
        verification={step.verification}
        onResent={(verification) => setStep({ name: 'code', verification, destination: step.destination })}
        resend={() =>
          apiFetch<MethodVerification>(START_PATHS[kind], {
            method: 'POST',
            body: startBody(kind, step.destination),
          })
        }
        onRestart={() => setStep({ name: 'start' })}
        onCancel={onClose}
        onDone={() => onAdded(kind)}
        intro={<Text as="p">{t(`securityInfo.sentTo.${kind}`, { destination: step.destination, digits: SENT_CODE_DIGITS })}</Text>}
      />
    );
  } else if (step.name === 'app') {
    body = (
      <VerifyCodeStep
        kind="authenticatorApp"
        digits={APP_CODE_DIGITS}
        verification={step.verification}
        onRestart={() => setStep({ name: 'start' })}
        onCancel={onClose}
        onDone={() => onAdded('authenticatorApp')}
        intro={<AppQrCode verification={step.verification} />}
      />
    );
  }

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => (d.open ? undefined : onClose())}>
      <DialogSurface className={styles.surface}>{body}</DialogSurface>
    </Dialog>
  );
}
