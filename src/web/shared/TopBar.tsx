import { Button, makeStyles, mergeClasses, tokens, useRestoreFocusTarget } from '@fluentui/react-components';
import { LocalLanguageRegular, NavigationRegular } from '@fluentui/react-icons';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import { useMe } from './session';
import { useSpaClick } from './links';
import { initials } from './initials';
import { phoneNav, useIsPhone, usePhoneNav } from './phoneNav';

// The menus load on first use (or when the pointer or focus reaches a button): not on the sign-in page's first load.
const loadMenus = () => import('./TopBarMenus');
const LanguageMenu = lazy(() => loadMenus().then((m) => ({ default: m.LanguageMenu })));
const AccountMenu = lazy(() => loadMenus().then((m) => ({ default: m.AccountMenu })));
const preloadMenus = () => void loadMenus();

/** A menu button: keeps focus itself; its (lazy) menu is anchored to it once first opened. */
function useMenuButton() {
  const [target, setTarget] = useState<HTMLElement | null>(null);
  const [open, setOpen] = useState(false);
  const [used, setUsed] = useState(false);
  const button = {
    ref: (el: HTMLButtonElement | HTMLAnchorElement | null) => setTarget(el),
    'aria-haspopup': 'menu' as const,
    'aria-expanded': open,
    onPointerEnter: preloadMenus,
    onFocus: preloadMenus,
    onClick: () => {
      setUsed(true);
      setOpen((o) => !o);
    },
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key !== 'ArrowDown') return;
      e.preventDefault();
      setUsed(true);
      setOpen(true);
    },
  };
  return { button, menu: { target, open, onOpenChange: setOpen }, used };
}

/** Fluent's colourful avatar palette, picked by the name (as Avatar's color="colorful" does), without Avatar's code. */
const AVATAR_COLOURS = [
  'darkRed',
  'cranberry',
  'pumpkin',
  'peach',
  'gold',
  'brass',
  'brown',
  'forest',
  'seafoam',
  'darkGreen',
  'lightTeal',
  'teal',
  'steel',
  'blue',
  'royalBlue',
  'cornflower',
  'navy',
  'lavender',
  'purple',
  'grape',
  'lilac',
  'pink',
  'magenta',
  'plum',
  'beige',
  'mink',
  'platinum',
  'anchor',
] as const;
function avatarColour(name: string): (typeof AVATAR_COLOURS)[number] {
  let hash = 0;
  for (let i = name.length - 1; i >= 0; i--) {
    const ch = name.charCodeAt(i);
    const shift = i % 8;
    hash ^= (ch << shift) + (ch >> (8 - shift));
  }
  return AVATAR_COLOURS[hash % AVATAR_COLOURS.length]!;
}
const avatarStyles = makeStyles(
  Object.fromEntries(
    AVATAR_COLOURS.map((c) => [
      c,
      {
        color: tokens[`colorPalette${c[0]!.toUpperCase()}${c.slice(1)}Foreground2` as keyof typeof tokens],
        backgroundColor: tokens[`colorPalette${c[0]!.toUpperCase()}${c.slice(1)}Background2` as keyof typeof tokens],
      },
    ]),
  ) as Record<(typeof AVATAR_COLOURS)[number], { color: string; backgroundColor: string }>,
);

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    height: '48px',
    paddingInline: tokens.spacingHorizontalL,
    '@media (max-width: 640px)': { paddingInline: tokens.spacingHorizontalS, gap: tokens.spacingHorizontalXS },
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    flexShrink: 0,
  },
  brand: {
    color: tokens.colorNeutralForegroundOnBrand,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    textDecoration: 'none',
    paddingBlock: tokens.spacingVerticalXS,
    ':hover': { textDecoration: 'underline' },
    ':focus-visible': { outline: `2px solid ${tokens.colorNeutralForegroundOnBrand}`, outlineOffset: '2px' },
  },
  onBrand: {
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: tokens.colorBrandBackgroundHover },
    ':hover:active': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: tokens.colorBrandBackgroundPressed },
  },
  brandGroup: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, marginRight: 'auto', minWidth: 0 },
  // The organisation's name, as Microsoft 365 shows the tenant next to the app name.
  org: {
    color: tokens.colorNeutralForegroundOnBrand,
    fontSize: tokens.fontSizeBase300,
    paddingInlineStart: tokens.spacingHorizontalM,
    borderLeft: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralForegroundOnBrand}`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    '@media (max-width: 480px)': { display: 'none' },
  },
  // The avatar's initials are drawn, like the photo Microsoft 365 shows there: the button's name
  // ("Account manager for <name>") then holds all of its visible text (WCAG 2.5.3, label in name).
  initials: { '::before': { content: 'attr(data-initials)' } },
  avatar: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: '28px',
    height: '28px',
    borderRadius: tokens.borderRadiusCircular,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    flexShrink: 0,
  },
  userName: { color: tokens.colorNeutralForegroundOnBrand, '@media (max-width: 640px)': { display: 'none' } },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': { left: tokens.spacingHorizontalS, top: tokens.spacingVerticalS, zIndex: 100, padding: '8px', backgroundColor: tokens.colorNeutralBackground1 },
  },
});

export function TopBar({ limited = false }: { limited?: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const avatars = avatarStyles();
  const { data: me } = useMe();
  const languageMenu = useMenuButton();
  const accountMenu = useMenuButton();
  const spaClick = useSpaClick();
  const lang = currentLanguage();
  const home = me && !limited ? '/account' : me ? '/change-password' : '/sign-in';
  // On a phone the navigation is a drawer, opened from here (when the page has one).
  const nav = usePhoneNav();
  const showNavButton = useIsPhone() && nav.present;
  // Escape or a tap beside the drawer gives focus back to this button.
  const restoreFocusHere = useRestoreFocusTarget();

  return (
    <header className={styles.bar}>
      <a className={styles.skip} href="#main">
        {t('app.skipToContent')}
      </a>
      {showNavButton ? (
        <Button
          appearance="subtle"
          className={styles.onBrand}
          icon={<NavigationRegular />}
          aria-label={t('nav.toggle')}
          title={t('nav.toggle')}
          aria-expanded={nav.open}
          aria-controls="app-nav"
          onClick={() => phoneNav.setOpen(!nav.open)}
          {...restoreFocusHere}
        />
      ) : null}
      <div className={styles.brandGroup}>
        <a className={styles.brand} href={home} onClick={(e) => spaClick(e, home)}>
          {t('app.name')}
        </a>
        {me?.organization?.displayName ? (
          <span className={styles.org} data-testid="organization-name" title={t('topBar.organization')}>
            {me.organization.displayName}
          </span>
        ) : null}
      </div>
      <Button
        appearance="subtle"
        className={styles.onBrand}
        icon={<LocalLanguageRegular />}
        aria-label={`${t('topBar.language')}: ${t(`languages.${lang}`)}`}
        {...languageMenu.button}
      >
        {t(`languages.${lang}`)}
      </Button>
      {languageMenu.used ? (
        <Suspense fallback={null}>
          <LanguageMenu {...languageMenu.menu} />
        </Suspense>
      ) : null}
      {me ? (
        <>
          <Button
            appearance="subtle"
            className={styles.onBrand}
            aria-label={t('topBar.accountManager', { name: me.user.displayName })}
            icon={
              <span
                aria-hidden="true"
                className={mergeClasses(styles.avatar, avatars[avatarColour(me.user.displayName)], styles.initials)}
                data-initials={initials(me.user.displayName)}
              />
            }
            {...accountMenu.button}
          >
            <span className={styles.userName}>{me.user.displayName}</span>
          </Button>
          {accountMenu.used ? (
            <Suspense fallback={null}>
              <AccountMenu limited={limited} {...accountMenu.menu} />
            </Suspense>
          ) : null}
        </>
      ) : null}
    </header>
  );
}
