import {
  Avatar,
  Button,
  Menu,
  MenuDivider,
  MenuGroup,
  MenuGroupHeader,
  MenuItem,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { LocalLanguageRegular, PersonRegular, SignOutRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, currentLanguage, isLanguage } from '../i18n';
import { useChangeLanguage, useMe, useSignOut } from './session';
import { useSpaClick } from './links';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    height: '48px',
    paddingInline: tokens.spacingHorizontalL,
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
  userName: { color: tokens.colorNeutralForegroundOnBrand, '@media (max-width: 640px)': { display: 'none' } },
  persona: { display: 'flex', flexDirection: 'column', padding: tokens.spacingHorizontalS },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': { left: tokens.spacingHorizontalS, top: tokens.spacingVerticalS, zIndex: 100, padding: '8px', backgroundColor: tokens.colorNeutralBackground1 },
  },
});

export function TopBar({ limited = false }: { limited?: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { data: me } = useMe();
  const signOut = useSignOut();
  const changeLanguage = useChangeLanguage();
  const spaClick = useSpaClick();
  const lang = currentLanguage();
  const home = me && !limited ? '/account' : me ? '/change-password' : '/sign-in';

  return (
    <header className={styles.bar}>
      <a className={styles.skip} href="#main">
        {t('app.skipToContent')}
      </a>
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
      <Menu
        checkedValues={{ lang: [lang] }}
        onCheckedValueChange={(_, data) => {
          const next = data.checkedItems[0];
          if (isLanguage(next)) void changeLanguage(next);
        }}
      >
        <MenuTrigger disableButtonEnhancement>
          <Button
            appearance="subtle"
            className={styles.onBrand}
            icon={<LocalLanguageRegular />}
            aria-label={`${t('topBar.language')}: ${t(`languages.${lang}`)}`}
          >
            {t(`languages.${lang}`)}
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
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
      {me ? (
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <Button
              appearance="subtle"
              className={styles.onBrand}
              aria-label={t('topBar.accountManager', { name: me.user.displayName })}
              icon={<Avatar name={me.user.displayName} size={28} color="colorful" />}
            >
              <span className={styles.userName}>{me.user.displayName}</span>
            </Button>
          </MenuTrigger>
          <MenuPopover>
            <div className={styles.persona}>
              <Text size={200}>{t('topBar.signedInAs')}</Text>
              <Text weight="semibold">{me.user.displayName}</Text>
              <Text size={200}>{me.user.userPrincipalName}</Text>
              {me.organization?.displayName ? <Text size={200}>{me.organization.displayName}</Text> : null}
            </div>
            <MenuDivider />
            <MenuList>
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
      ) : null}
    </header>
  );
}
