import {
  Hamburger,
  NavCategory,
  NavCategoryItem,
  NavDrawer,
  NavDrawerBody,
  NavDrawerHeader,
  NavItem,
  NavSectionHeader,
  NavSubItem,
  NavSubItemGroup,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ChartMultipleRegular, HomeRegular, KeyMultipleRegular, PeopleRegular, PersonRegular, SettingsRegular, ShieldLockRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { PasswordExpiryBanner } from './PasswordExpiryBanner';
import { useSpaClick } from './links';
import { hasPermission, useMe } from './session';
import { PERMISSIONS, type Permission } from '../../shared/roles.js';

const useStyles = makeStyles({
  frame: { display: 'flex', flexGrow: 1, minHeight: 0 },
  nav: { flexShrink: 0, borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  rail: {
    flexShrink: 0,
    padding: tokens.spacingVerticalS,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground4,
  },
  icon: { fontSize: '20px' },
  section: { marginBlock: `${tokens.spacingVerticalXL} ${tokens.spacingVerticalS}` },
  main: { flexGrow: 1, minWidth: 0, overflow: 'auto', outline: 'none', display: 'flex', flexDirection: 'column' },
});

/** The nav item that matches a path: the longest route prefix wins. */
function selectedFor(pathname: string): string {
  const routes = [
    '/admin/users',
    '/admin/reports/sign-ins',
    '/admin/reports/audit',
    '/admin/reports/password-reset',
    '/admin/settings/security',
    '/admin/settings/password-protection',
    '/admin/settings/mail',
    '/admin/settings/self-service-password-reset',
    '/admin/settings/multifactor',
    '/admin',
    '/account/security-info',
    '/account/security',
    '/account/password',
    '/account',
  ];
  const match = routes.find((r) => pathname === r || pathname.startsWith(`${r}/`));
  return match === '/account/password' ? '/account/security' : (match ?? '');
}

type NavLink = { to: string; label: string; permission: Permission | readonly Permission[] };

/** The admin centre's categories; a category shows when the user may open any of its pages. */
const adminCategories: { value: string; label: string; icon: typeof PeopleRegular; links: NavLink[] }[] = [
  { value: 'users', label: 'nav.users', icon: PeopleRegular, links: [{ to: '/admin/users', label: 'nav.activeUsers', permission: PERMISSIONS.usersRead }] },
  {
    value: 'reports',
    label: 'nav.reports',
    icon: ChartMultipleRegular,
    links: [
      { to: '/admin/reports/sign-ins', label: 'nav.signIns', permission: PERMISSIONS.reportsRead },
      { to: '/admin/reports/audit', label: 'nav.auditLog', permission: PERMISSIONS.auditRead },
      { to: '/admin/reports/password-reset', label: 'ssprReports.nav', permission: PERMISSIONS.reportsRead },
    ],
  },
  {
    value: 'settings',
    label: 'nav.settings',
    icon: SettingsRegular,
    links: [
      // A User Administrator may set the expiration policy only, as in Entra.
      { to: '/admin/settings/security', label: 'nav.orgSettings', permission: [PERMISSIONS.passwordPolicy, PERMISSIONS.passwordExpiry] },
      // Password protection holds the banned list (password policy) and smart lockout (Authentication Administrator too).
      { to: '/admin/settings/password-protection', label: 'nav.passwordProtection', permission: [PERMISSIONS.passwordPolicy, PERMISSIONS.lockout] },
      { to: '/admin/settings/self-service-password-reset', label: 'ssprSettings.nav', permission: PERMISSIONS.ssprSettings },
      { to: '/admin/settings/multifactor', label: 'mfaPolicy.nav', permission: PERMISSIONS.mfaSettings },
      { to: '/admin/settings/mail', label: 'nav.mail', permission: PERMISSIONS.mailRead },
    ],
  },
];

const accountLinks = [
  { to: '/account', label: 'nav.overview', icon: PersonRegular },
  { to: '/account/security', label: 'nav.security', icon: ShieldLockRegular },
  { to: '/account/security-info', label: 'securityInfo.nav', icon: KeyMultipleRegular },
];

/** The signed-in frame: left navigation as in the Microsoft 365 admin centre, page on the right. */
export function Frame() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { pathname } = useLocation();
  const { data: me } = useMe();
  const spaClick = useSpaClick();
  const [open, setOpen] = useState<string[]>(['users', 'reports', 'settings']);
  const [navOpen, setNavOpen] = useState(() => window.matchMedia('(min-width: 720px)').matches);
  const toggle = (
    <Hamburger onClick={() => setNavOpen((v) => !v)} aria-expanded={navOpen} aria-controls="app-nav" title={t('nav.toggle')} aria-label={t('nav.toggle')} />
  );
  const isAdmin = hasPermission(me, PERMISSIONS.adminCentre);
  const may = ({ permission }: NavLink) => (typeof permission === 'string' ? [permission] : permission).some((p) => hasPermission(me, p));
  const selected = selectedFor(pathname);
  const item = (to: string) => ({ href: to, value: to, onClick: (e: MouseEvent<HTMLElement>) => spaClick(e, to) });

  return (
    <div className={styles.frame}>
      {navOpen ? null : <div className={styles.rail}>{toggle}</div>}
      <NavDrawer
        id="app-nav"
        className={styles.nav}
        open={navOpen}
        type="inline"
        aria-label={t('nav.label')}
        selectedValue={selected}
        selectedCategoryValue={
          selected.startsWith('/admin/users')
            ? 'users'
            : selected.startsWith('/admin/reports')
              ? 'reports'
              : selected.startsWith('/admin/settings')
                ? 'settings'
                : undefined
        }
        openCategories={open}
        onNavCategoryItemToggle={(_, data) =>
          setOpen((prev) => (prev.includes(String(data.categoryValue)) ? prev.filter((c) => c !== data.categoryValue) : [...prev, String(data.categoryValue)]))
        }
        tabbable
      >
        <NavDrawerHeader>{toggle}</NavDrawerHeader>
        <NavDrawerBody>
          <NavSectionHeader>{t('nav.myAccount')}</NavSectionHeader>
          {accountLinks.map(({ to, label, icon: Icon }) => (
            <NavItem key={to} icon={<Icon className={styles.icon} />} {...item(to)}>
              {t(label)}
            </NavItem>
          ))}
          {isAdmin ? (
            <>
              <NavSectionHeader className={styles.section}>{t('nav.adminCentre')}</NavSectionHeader>
              <NavItem icon={<HomeRegular className={styles.icon} />} {...item('/admin')}>
                {t('nav.home')}
              </NavItem>
              {adminCategories.map(({ value, label, icon: Icon, links }) => {
                const shown = links.filter(may);
                return shown.length > 0 ? (
                  <NavCategory key={value} value={value}>
                    <NavCategoryItem icon={<Icon className={styles.icon} />}>{t(label)}</NavCategoryItem>
                    <NavSubItemGroup>
                      {shown.map((link) => (
                        <NavSubItem key={link.to} {...item(link.to)}>
                          {t(link.label)}
                        </NavSubItem>
                      ))}
                    </NavSubItemGroup>
                  </NavCategory>
                ) : null;
              })}
            </>
          ) : null}
        </NavDrawerBody>
      </NavDrawer>
      <main id="main" className={styles.main} tabIndex={-1}>
        <PasswordExpiryBanner />
        <Outlet />
      </main>
    </div>
  );
}
