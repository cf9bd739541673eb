import { Button, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { SaveErrorBar } from './formErrors';

const useStyles = makeStyles({
  // Save and Cancel, with the answer to the last save, stay in view at the bottom as in the admin centre's panels.
  // It is the form's last element, so scrolled to the end it sits below the last card, never over it.
  footer: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    position: 'sticky',
    bottom: 0,
    paddingBlock: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground2,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    zIndex: 1,
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

/** The first pixels of a focused field that must show above the bar (all of a shorter one), and the gap. */
const VISIBLE = 60;
const GAP = 8;

/**
 * Scrolls a field that gets the focus (Tab) out from under the sticky bar: the browser scrolls a
 * focused field into view without knowing that the bar lies over the bottom of the view. @returns
 * the cleanup.
 */
function keepFocusClearOf(bar: HTMLElement): (() => void) | undefined {
  const form = bar.closest('form');
  if (!form) return undefined;
  const onFocus = (event: FocusEvent) => {
    const target = event.target;
    if (!(target instanceof HTMLElement) || bar.contains(target)) return;
    const field = target.getBoundingClientRect();
    const over = field.top + Math.min(field.height, VISIBLE) - (bar.getBoundingClientRect().top - GAP);
    if (over <= 0) return;
    let scroller = form.parentElement;
    while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
    (scroller ?? document.scrollingElement)?.scrollBy({ top: over });
  };
  form.addEventListener('focusin', onFocus);
  return () => form.removeEventListener('focusin', onFocus);
}

interface Props {
  /** The form from `useSettingsForm`. */
  form: { save: { error: unknown; isPending: boolean }; saved: boolean; dirty: boolean; cancel: () => void };
  /**
   * The issue paths a field shows (the bar lists the others under the problem's title). Without it
   * the page shows a 400 itself and the bar only other errors.
   */
  shownPaths?: (path: string) => boolean;
  /** What to say about a failed save instead (a page of several documents: GroupSaveErrors). */
  errors?: ReactNode;
}

/**
 * The one Save of a settings page (ADR 0003, issue 13 item 7): Save and Cancel in a sticky footer,
 * with the answer to the last save: the error (issues no field shows) or "Saved".
 */
export function SettingsSaveBar({ form: { save, saved, dirty, cancel }, shownPaths, errors }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => (bar.current ? keepFocusClearOf(bar.current) : undefined), []);
  const error = !save.error ? null : errors !== undefined ? (
    errors
  ) : shownPaths ? (
    <SaveErrorBar error={save.error} shownPaths={shownPaths} />
  ) : save.error instanceof ApiError && save.error.status === 400 ? null : (
    <ErrorBar error={save.error} />
  );
  return (
    <div ref={bar} className={styles.footer} data-testid="settings-save-bar">
      {error}
      {saved ? (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{t('settings.saved')}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={save.isPending} icon={save.isPending ? <Spinner size="tiny" /> : undefined}>
          {save.isPending ? t('settings.saving') : t('settings.save')}
        </Button>
        <Button onClick={cancel} disabled={save.isPending || (!dirty && !save.error)}>
          {t('settings.cancel')}
        </Button>
      </div>
    </div>
  );
}
