import {
  Button,
  Checkbox,
  DrawerBody,
  DrawerFooter,
  DrawerHeader,
  DrawerHeaderTitle,
  OverlayDrawer,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useEffect, useRef } from 'react';
import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { NewPasswordFields } from '../../shared/password/NewPasswordFields';
import type { NewPasswordState } from '../../shared/password/useNewPassword';

/* The parts shared by the Add a user and Reset password panels. */

export const usePanelStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, paddingBottom: tokens.spacingVerticalL },
  footer: { display: 'flex', gap: tokens.spacingHorizontalS, justifyContent: 'flex-start' },
  muted: { color: tokens.colorNeutralForeground2 },
  option: { display: 'flex', flexDirection: 'column' },
  reason: { color: tokens.colorNeutralForeground2, paddingInlineStart: '36px' },
  heading: { ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, borderRadius: tokens.borderRadiusMedium } },
});

/** A panel on the right whose content (and the passwords in its state) unmounts when it closes. */
export function PasswordPanel({ open, onClose, testId, children }: { open: boolean; onClose: () => void; testId: string; children: () => ReactNode }) {
  return (
    <OverlayDrawer position="end" size="medium" open={open} onOpenChange={(_, d) => (d.open ? undefined : onClose())} data-testid={testId}>
      {open ? children() : null}
    </OverlayDrawer>
  );
}

/** The panel's title with its close button; with `headingRef` the heading can take focus (tabIndex -1). */
export function PanelHeader({ title, onClose, headingRef }: { title: string; onClose: () => void; headingRef?: RefObject<HTMLHeadingElement | null> }) {
  const { t } = useTranslation();
  const styles = usePanelStyles();
  return (
    <DrawerHeader>
      <DrawerHeaderTitle
        heading={headingRef ? { ref: headingRef, tabIndex: -1, className: styles.heading } : undefined}
        action={<Button appearance="subtle" aria-label={t('reset.close')} icon={<DismissRegular />} onClick={onClose} />}
      >
        {title}
      </DrawerHeaderTitle>
    </DrawerHeader>
  );
}

/**
 * An outcome: the header, what happened, and Close. The form and its submit button are gone, so
 * focus moves to the outcome's heading instead of falling to <body> (issue 13, item 8).
 */
export function PanelOutcome({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const styles = usePanelStyles();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <>
      <PanelHeader title={title} onClose={onClose} headingRef={heading} />
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
  /** How many users the options are for ("this user" / "these users"; default 1). */
  count?: number;
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
  count = 1,
}: ChosenPasswordProps) {
  const { t } = useTranslation();
  return (
    <>
      <Checkbox checked={autoGenerate} onChange={(_, d) => onAutoGenerate(!!d.checked)} label={t('reset.autoGenerate')} />
      {!autoGenerate ? <NewPasswordFields state={fields} label={t('reset.password')} feedbackId={feedbackId} userId={userId} autoFocus={autoFocus} /> : null}
      <Checkbox checked={forceChange} onChange={(_, d) => onForceChange(!!d.checked)} label={t('reset.forceChange', { count })} />
    </>
  );
}

/**
 * "Send the user a link to set their own password instead": the server sends it only to the user's
 * alternate addresses (users.no_alternate_email otherwise), so without one the option is disabled
 * and says why, next to it.
 */
export function SendLinkOption({
  user,
  alternates,
  checked,
  onChange,
}: {
  user: { displayName: string };
  alternates: string[];
  checked: boolean;
  onChange: (value: boolean) => void;
}) {
  const { t } = useTranslation();
  const styles = usePanelStyles();
  const unavailable = alternates.length === 0;
  return (
    <div className={styles.option}>
      <Checkbox
        checked={checked}
        disabled={unavailable}
        onChange={(_, d) => onChange(!!d.checked)}
        label={t('reset.sendLink')}
        aria-describedby={unavailable ? 'send-link-unavailable' : undefined}
      />
      {unavailable ? (
        <Text id="send-link-unavailable" size={200} className={styles.reason} data-testid="send-link-unavailable">
          {t('reset.sendLinkUnavailable', { name: user.displayName })}
        </Text>
      ) : null}
    </div>
  );
}
