import { Button, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { SaveErrorBar } from './formErrors';

const useStyles = makeStyles({
  // Save and Cancel, with the answer to the last save, stay in view at the bottom as in the admin centre's panels.
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

interface Props {
  /** The form from `useSettingsForm`. */
  form: { save: { error: unknown; isPending: boolean }; saved: boolean; dirty: boolean; cancel: () => void };
  /**
   * The issue paths a field shows (the bar lists the others under the problem's title). Without it
   * the page shows a 400 itself and the bar only other errors.
   */
  shownPaths?: (path: string) => boolean;
  /** A bar inside a card (no Cancel), instead of the sticky footer of a settings page. */
  inline?: boolean;
  /** The Save button's accessible name, where a page has more than one Save. */
  saveLabel?: string;
}

/** Save and Cancel with the answer to the last save: the error (issues no field shows) or "Saved". */
export function SettingsSaveBar({ form: { save, saved, dirty, cancel }, shownPaths, inline, saveLabel }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const error = !save.error ? null : shownPaths ? (
    <SaveErrorBar error={save.error} shownPaths={shownPaths} />
  ) : save.error instanceof ApiError && save.error.status === 400 ? null : (
    <ErrorBar error={save.error} />
  );
  const content = (
    <>
      {error}
      {saved ? (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{t('settings.saved')}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.actions}>
        <Button
          type="submit"
          appearance="primary"
          aria-label={save.isPending ? undefined : saveLabel}
          disabled={save.isPending}
          icon={save.isPending ? <Spinner size="tiny" /> : undefined}
        >
          {save.isPending ? t('settings.saving') : t('settings.save')}
        </Button>
        {inline ? null : (
          <Button onClick={cancel} disabled={save.isPending || (!dirty && !save.error)}>
            {t('settings.cancel')}
          </Button>
        )}
      </div>
    </>
  );
  return inline ? content : <div className={styles.footer}>{content}</div>;
}
