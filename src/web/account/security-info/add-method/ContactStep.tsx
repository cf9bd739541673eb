import { DialogBody, DialogContent, DialogTitle, Field, Input, Text } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodVerification } from '../../../../shared/security-info.js';
import { apiFetch } from '../../../shared/api';
import { ErrorBar } from '../../../shared/ErrorBar';
import { START_PATHS } from '../api';
import type { CodeKind } from '../api';
import { useDialogStyles } from '../dialogStyles';
import { methodLabel } from '../labels';
import { StepButtons, startBody, startFieldErrors } from './parts';
import type { StepProps } from './parts';

interface Props extends StepProps {
  kind: CodeKind;
  destination: string;
  onDestinationChange: (value: string) => void;
  onStarted: (verification: MethodVerification, destination: string) => void;
}

/** Email, mobile phone or office phone: the address or number, then a code is sent (after a step-up when the sign-in is not fresh). */
export function ContactStep({ kind, destination, onDestinationChange, onBack, onCancel, onStarted }: Props) {
  const { t } = useTranslation();
  const styles = useDialogStyles();
  const [errors, setErrors] = useState<{ destination?: string }>({});
  const destinationRef = useRef<HTMLInputElement>(null);
  const start = useMutation({
    mutationFn: () =>
      apiFetch<MethodVerification>(START_PATHS[kind], {
        method: 'POST',
        body: startBody(kind, destination),
      }),
    onSuccess: (verification) => onStarted(verification, destination.trim()),
    onError: (err) => {
      const fields = startFieldErrors(err);
      if (!fields) return setErrors({});
      setErrors(fields);
      destinationRef.current?.focus();
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next = {
      destination: destination.trim() ? undefined : t(kind === 'email' ? 'securityInfo.emailRequired' : 'securityInfo.phoneRequired'),
    };
    setErrors(next);
    if (next.destination) return destinationRef.current?.focus();
    start.mutate();
  };

  const fieldsShown = !!errors.destination;
  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        <DialogTitle>{methodLabel(t, kind)}</DialogTitle>
        <DialogContent className={styles.content}>
          <Text as="p">{t(`securityInfo.intro.${kind}`)}</Text>
          {start.error && !fieldsShown ? <ErrorBar error={start.error} /> : null}
          {kind === 'email' ? (
            <Field label={t('securityInfo.emailLabel')} required validationMessage={errors.destination}>
              <Input
                ref={destinationRef}
                type="email"
                autoComplete="email"
                autoCapitalize="none"
                spellCheck={false}
                autoFocus
                value={destination}
                onChange={(_, d) => onDestinationChange(d.value)}
              />
            </Field>
          ) : (
            <Field label={t('securityInfo.phoneLabel')} required hint={t('securityInfo.phoneHint')} validationMessage={errors.destination}>
              <Input
                ref={destinationRef}
                type="tel"
                autoComplete="tel"
                inputMode="tel"
                autoFocus
                value={destination}
                onChange={(_, d) => onDestinationChange(d.value)}
              />
            </Field>
          )}
        </DialogContent>
        <StepButtons
          label={t(kind === 'officePhone' ? 'securityInfo.callMe' : 'securityInfo.sendCode')}
          pending={start.isPending}
          onBack={onBack}
          onCancel={onCancel}
        />
      </DialogBody>
    </form>
  );
}
