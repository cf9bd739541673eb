import { Button, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../users/passwordsCsv';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, minWidth: 0 },
  value: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase300, overflowWrap: 'anywhere', userSelect: 'all' },
});

/** A value in monospace with a copy button ("Copy Client ID"), as Entra's Overview and secret list. */
export function CopyValue({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (!(await copyText(value))) return;
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  };
  return (
    <span className={styles.row}>
      <span className={styles.value} data-testid={testId}>
        {value}
      </span>
      <Tooltip content={copied ? t('apps.copied') : t('apps.copy')} relationship="description">
        <Button
          size="small"
          appearance="subtle"
          icon={copied ? <CheckmarkRegular /> : <CopyRegular />}
          aria-label={t('apps.copyValue', { name: label })}
          onClick={() => void copy()}
        />
      </Tooltip>
      <span className="visually-hidden" aria-live="polite">
        {copied ? t('apps.copied') : ''}
      </span>
    </span>
  );
}
