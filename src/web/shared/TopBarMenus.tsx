import {
  Menu,
  MenuDivider,
  MenuGroup,
  MenuGroupHeader,
  MenuItem,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { MenuProps } from '@fluentui/react-components';
import { PersonRegular, SignOutRegular } from '@fluentui/react-icons';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, currentLanguage, isLanguage } from '../i18n';
import { useChangeLanguage, useMe, useSignOut } from './session';
import { useSpaClick } from './links';

/**
 * The top bar's two menus, loaded on first use (issue 13: Fluent's Menu and its positioning are a
 * sixth of the sign-in page's JavaScript, and only a click needs them). The trigger buttons stay in
 * TopBar.tsx and keep focus; each menu is anchored to its button and controlled by it.
 */
const useStyles = makeStyles({
  persona: { display: 'flex', flexDirection: 'column', padding: tokens.spacingHorizontalS },
});

export interface AnchoredMenuProps {
  target: HTMLElement | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** Opened from its button: focus goes to the checked (or first) item; closing gives it back to the button. */
function useAnchoredMenu({ target, open, onOpenChange }: AnchoredMenuProps) {
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const frame = requestAnimationFrame(() => {
      const items = list.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])');
      const checked = list.current?.querySelector<HTMLElement>('[aria-checked="true"]');
      (checked ?? items?.[0])?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [open]);
  const menuProps: Pick<MenuProps, 'open' | 'onOpenChange' | 'positioning'> = {
    open,
    positioning: { target, position: 'below', align: 'end' },
    onOpenChange: (event, data) => {
      // A click on the button itself is the button's to handle (it toggles).
      if (!data.open && event.target instanceof Node && target?.contains(event.target)) return;
      onOpenChange(data.open);
      if (!data.open && data.type !== 'clickOutside') target?.focus();
    },
  };
  return { list, menuProps };
}

export function LanguageMenu(props: AnchoredMenuProps) {
  const { t } = useTranslation();
  const changeLanguage = useChangeLanguage();
  const { list, menuProps } = useAnchoredMenu(props);
  return (
    <Menu
      {...menuProps}
      checkedValues={{ lang: [currentLanguage()] }}
      onCheckedValueChange={(_, data) => {
        const next = data.checkedItems[0];
        if (isLanguage(next)) void changeLanguage(next);
      }}
    >
      <MenuPopover>
        <MenuList ref={list}>
          <MenuGroup>
            <MenuGroupHeader>{t('topBar.language')}</MenuGroupHeader>
            {LANGUAGES.map((l) => (
              <MenuItemRadio key={l} name="lang" value={l} lang={l}>
                {t(`languages.${l}`)}
              </MenuItemRadio>
            ))}
          </MenuGroup>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

export function AccountMenu({ limited, ...props }: AnchoredMenuProps & { limited: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { data: me } = useMe();
  const signOut = useSignOut();
  const spaClick = useSpaClick();
  const { list, menuProps } = useAnchoredMenu(props);
  if (!me) return null;
  return (
    <Menu {...menuProps}>
      <MenuPopover>
        <div className={styles.persona}>
          <Text size={200}>{t('topBar.signedInAs')}</Text>
          <Text weight="semibold">{me.user.displayName}</Text>
          <Text size={200}>{me.user.userPrincipalName}</Text>
          {me.organization?.displayName ? <Text size={200}>{me.organization.displayName}</Text> : null}
        </div>
        <MenuDivider />
        <MenuList ref={list}>
          {!limited ? (
            <MenuItem icon={<PersonRegular />} onClick={(e) => spaClick(e, '/account')}>
              {t('topBar.myAccount')}
            </MenuItem>
          ) : null}
          <MenuItem icon={<SignOutRegular />} onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            {t('topBar.signOut')}
          </MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
