import { Button, Input } from '@fluentui/react-components';
import type { InputProps } from '@fluentui/react-components';
import { EyeOffRegular, EyeRegular } from '@fluentui/react-icons';
import { forwardRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type Props = Omit<InputProps, 'type' | 'contentAfter' | 'onChange' | 'value' | 'autoComplete'> & {
  value: string;
  onValueChange: (value: string) => void;
  autoComplete: 'new-password' | 'current-password';
};

/** A password box with a show/hide toggle; pasting is allowed (checklist P9). */
export const PasswordInput = forwardRef<HTMLInputElement, Props>(function PasswordInput({ value, onValueChange, autoComplete, ...rest }, ref) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <Input
      {...rest}
      ref={ref}
      type={visible ? 'text' : 'password'}
      autoComplete={autoComplete}
      autoCapitalize="none"
      autoCorrect="off"
      spellCheck={false}
      value={value}
      onChange={(_, d) => onValueChange(d.value)}
      contentAfter={
        <Button
          appearance="transparent"
          size="small"
          icon={visible ? <EyeOffRegular /> : <EyeRegular />}
          aria-label={visible ? t('signIn.hidePassword') : t('signIn.showPassword')}
          aria-pressed={visible}
          onClick={() => setVisible((v) => !v)}
        />
      }
    />
  );
});
