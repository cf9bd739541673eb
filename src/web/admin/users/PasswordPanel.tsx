import { Button, Checkbox, DrawerBody, DrawerFooter, DrawerHeader, DrawerHeaderTitle, OverlayDrawer, makeStyles, tokens } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NewPasswordFields } from '../../shared/password/NewPasswordFields';
import type { NewPasswordState } from '../../shared/password/useNewPassword';

/* The parts shared by the Add a user and Reset password panels. */

export const usePanelStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, paddingBottom: tokens.spacingVerticalL },
  footer: { display: 'flex', gap: tokens.spacingHorizontalS, justifyContent: 'flex-start' },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** A panel on the right whose content (and the passwords in its state) unmounts when it closes. */
export function PasswordPanel({ open, onClose, testId, children }: { open: boolean; onClose: () => void; testId: string; children: () => ReactNode }) {
  return (
    <OverlayDrawer position="end" size="medium" open={open} onOpenChange={(_, d) => (d.open ? undefined : onClose())} data-testid={testId}>
      {open ? children() : null}
    </OverlayDrawer>
  );
}

/** The panel's title with its close button. */
export function PanelHeader({ title, onClose }: { title: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <DrawerHeader>
      <DrawerHeaderTitle action={<Button appearance="subtle" aria-label={t('reset.close')} icon={<DismissRegular />} onClick={onClose} />}>
        {title}
      </DrawerHeaderTitle>
    </DrawerHeader>
  );
}

/** An outcome: the header, what happened, and Close. */
export function PanelOutcome({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const styles = usePanelStyles();
  return (
    <>
      <PanelHeader title={title} onClose={onClose} />
      <DrawerBody className={styles.body}>{children}</DrawerBody>
      <DrawerFooter className={styles.footer}>
        <Button appearance="primary" onClick={onClose}>
          {t('reset.closeButton')}
        </Button>
      </DrawerFooter>
    </>
  );
}

interface ChosenPasswordProps {
  autoGenerate: boolean;
  onAutoGenerate: (value: boolean) => void;
  forceChange: boolean;
  onForceChange: (value: boolean) => void;
  fields: NewPasswordState;
  feedbackId: string;
  /** The user the typed password is checked for; default: the signed-in admin's policy. */
  userId?: string;
  autoFocus?: boolean;
}

/** "Automatically create a password", else the admin's password with live feedback; "Require this user to change…". */
export function ChosenPasswordOptions({
  autoGenerate,
  onAutoGenerate,
  forceChange,
  onForceChange,
  fields,
  feedbackId,
  userId,
  autoFocus,
}: ChosenPasswordProps) {
  const { t } = useTranslation();
  return (
    <>
      <Checkbox checked={autoGenerate} onChange={(_, d) => onAutoGenerate(!!d.checked)} label={t('reset.autoGenerate')} />
      {!autoGenerate ? <NewPasswordFields state={fields} label={t('reset.password')} feedbackId={feedbackId} userId={userId} autoFocus={autoFocus} /> : null}
      <Checkbox checked={forceChange} onChange={(_, d) => onForceChange(!!d.checked)} label={t('reset.forceChange')} />
    </>
  );
}
