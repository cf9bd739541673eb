import { Button, DialogActions, DialogBody, DialogContent, DialogTitle, Field, Radio, RadioGroup } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodKind } from '../../../../shared/methods.js';
import { useDialogStyles } from '../dialogStyles';
import { MethodIcon, methodLabel } from '../labels';

/** Step 1 when there is a choice: which method to add, each with a hint. */
export function ChooseMethodStep({
  kinds,
  value,
  onNext,
  onCancel,
}: {
  kinds: MethodKind[];
  value: MethodKind | null;
  onNext: (kind: MethodKind) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const styles = useDialogStyles();
  const [choice, setChoice] = useState<MethodKind | null>(value ?? kinds[0] ?? null);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (choice) onNext(choice);
      }}
    >
      <DialogBody>
        <DialogTitle>{t('securityInfo.addTitle')}</DialogTitle>
        <DialogContent className={styles.content}>
          <Field label={t('securityInfo.chooseLabel')}>
            <RadioGroup value={choice ?? ''} onChange={(_, d) => setChoice(d.value as MethodKind)}>
              {kinds.map((k) => (
                <Radio
                  key={k}
                  value={k}
                  aria-describedby={`method-${k}-hint`}
                  label={
                    <span className={styles.radioLabel}>
                      <MethodIcon kind={k} className={styles.radioIcon} />
                      <span className={styles.radioText}>
                        <span>{methodLabel(t, k)}</span>
                        <span className={styles.radioHint} id={`method-${k}-hint`}>
                          {t(`securityInfo.hints.${k}`)}
                        </span>
                      </span>
                    </span>
                  }
                />
              ))}
            </RadioGroup>
          </Field>
        </DialogContent>
        <DialogActions>
          <Button type="submit" appearance="primary" disabled={!choice}>
            {t('securityInfo.next')}
          </Button>
          <Button onClick={onCancel}>{t('securityInfo.cancel')}</Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
