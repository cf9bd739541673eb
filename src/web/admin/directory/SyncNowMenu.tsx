import { Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, SplitButton, Spinner } from '@fluentui/react-components';
import type { MenuButtonProps } from '@fluentui/react-components';
import { ArrowSyncRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';

interface Props {
  /** Whether a sync runs (then the button waits). */
  running: boolean;
  pending: boolean;
  /** The default (the button itself) is incremental, the menu also offers a full sync. */
  onSync: (mode: 'full' | 'incremental') => void;
}

/**
 * "Sync now" as a split button: the button syncs the changes (incremental; the server falls back to a
 * full sync when none has succeeded yet), its menu offers both kinds, as Entra Connect's delta and full cycles.
 */
export function SyncNowMenu({ running, pending, onSync }: Props) {
  const { t } = useTranslation();
  const busy = running || pending;
  return (
    <Menu positioning="below-end">
      <MenuTrigger disableButtonEnhancement>
        {(triggerProps: MenuButtonProps) => (
          <SplitButton
            appearance="primary"
            menuButton={{ ...triggerProps, 'aria-label': t('directorySync.syncMenu') }}
            primaryActionButton={{ onClick: () => onSync('incremental'), disabled: busy }}
            icon={busy ? <Spinner size="tiny" /> : <ArrowSyncRegular />}
            disabled={busy}
          >
            {t('directorySync.syncNow')}
          </SplitButton>
        )}
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuItem onClick={() => onSync('incremental')}>{t('directorySync.syncIncremental')}</MenuItem>
          <MenuItem onClick={() => onSync('full')}>{t('directorySync.syncFull')}</MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
