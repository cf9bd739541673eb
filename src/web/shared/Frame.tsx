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
import {
  AppsRegular,
  ChartMultipleRegular,
  HomeRegular,
  KeyMultipleRegular,
  PeopleRegular,
  PersonRegular,
  SettingsRegular,
  ShieldLockRegular,
} from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { PasswordExpiryBanner } from './PasswordExpiryBanner';
import { phoneNav, useIsPhone, useMediaQuery, usePhoneNav } from './phoneNav';
import { useSpaClick } from './links';
import { hasPermission, useMe } from './session';
import { SETTINGS_LINKS } from '../admin/settings/settingsNav';
import { PERMISSIONS, type Permission } from '../../shared/roles.js';

const useStyles = makeStyles({
  frame: { display: 'flex', flexGrow: 1, minHeight: 0 },
  nav: { flexShrink: 0, borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  // On a phone: over the page, at most the screen's width less a strip to tap beside it.
  drawer: { maxWidth: 'calc(100vw - 48px)' },
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
    '/admin/users/directory-sync',
    '/admin/users',
    '/admin/reports/sign-ins',
    '/admin/reports/audit',
    '/admin/reports/password-reset',
    '/admin/settings/security',
    '/admin/settings/password-protection',
    '/admin/settings/mail',
    '/admin/settings/self-service-password-reset',
    '/admin/settings/multifactor',
    '/admin/apps',
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
  {
    value: 'users',
    label: 'nav.users',
    icon: PeopleRegular,
    links: [
      { to: '/admin/users', label: 'nav.activeUsers', permission: PERMISSIONS.usersRead },
      // Microsoft 365's "Directory sync status" (issue 14); without a directory it explains how to connect one.
      { to: '/admin/users/directory-sync', label: 'directorySync.nav', permission: PERMISSIONS.usersRead },
    ],
  },
  {
    // Microsoft Entra's Applications > App registrations (issue 15).
    value: 'apps',
    label: 'appsNav.group',
    icon: AppsRegular,
    links: [{ to: '/admin/apps', label: 'appsNav.registrations', permission: PERMISSIONS.appsManage }],
  },
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
    // One tree with the settings pages' titles and breadcrumbs (admin/settings/settingsNav.ts, issue 13 item 7).
    links: [...SETTINGS_LINKS],
  },
];

const accountLinks = [
  { to: '/account', label: 'nav.overview', icon: PersonRegular },
  { to: '/account/security', label: 'nav.security', icon: ShieldLockRegular },
  { to: '/account/security-info', label: 'securityInfo.nav', icon: KeyMultipleRegular },
];

/**
 * The signed-in frame: left navigation as in the Microsoft 365 admin centre, page on the right. On
 * a phone (PHONE_QUERY) the navigation is a drawer over the page instead: the top bar's menu
 * button opens it, and picking a page, Escape or a tap beside it closes it.
 */
export function Frame() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { pathname } = useLocation();
  const { data: me } = useMe();
  const spaClick = useSpaClick();
  const isPhone = useIsPhone();
  const { open: drawerOpen } = usePhoneNav();
  const [open, setOpen] = useState<string[]>(['users', 'apps', 'reports', 'settings']);
  // Beside the page the navigation starts open on a wide window and collapsed on a narrow one, until the user toggles it.
  const wide = useMediaQuery('(min-width: 720px)');
  const [navChoice, setNavOpen] = useState<boolean | null>(null);
  const navOpen = navChoice ?? wide;

  // The top bar shows its menu button while a frame is on screen; the drawer closes when the page changes.
  useEffect(() => {
    phoneNav.setPresent(true);
    return () => phoneNav.setPresent(false);
  }, []);
  useEffect(() => phoneNav.setOpen(false), [pathname, isPhone]);

  const expanded = isPhone ? drawerOpen : navOpen;
  const toggle = (
    <Hamburger
      onClick={() => (isPhone ? phoneNav.setOpen(!drawerOpen) : setNavOpen(!navOpen))}
      aria-expanded={expanded}
      aria-controls="app-nav"
      title={t('nav.toggle')}
      aria-label={t('nav.toggle')}
    />
  );
  const isAdmin = hasPermission(me, PERMISSIONS.adminCentre);
  const may = ({ permission }: NavLink) => (typeof permission === 'string' ? [permission] : permission).some((p) => hasPermission(me, p));
  const selected = selectedFor(pathname);
  const item = (to: string) => ({
    href: to,
    value: to,
    onClick: (e: MouseEvent<HTMLElement>) => {
      spaClick(e, to);
      // Picking a page closes the phone's drawer (a Ctrl-click that opens a tab leaves it open).
      if (e.defaultPrevented) phoneNav.setOpen(false);
    },
  });

  const navItems = (
    <>
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
    </>
  );

  return (
    <div className={styles.frame}>
      {navOpen || isPhone ? null : <div className={styles.rail}>{toggle}</div>}
      <NavDrawer
        id="app-nav"
        className={isPhone ? styles.drawer : styles.nav}
        open={expanded}
        type={isPhone ? 'overlay' : 'inline'}
        onOpenChange={(_, data) => (isPhone ? phoneNav.setOpen(data.open) : setNavOpen(data.open))}
        aria-label={t('nav.label')}
        {...(isPhone ? { role: 'dialog' } : {})}
        selectedValue={selected}
        selectedCategoryValue={
          selected.startsWith('/admin/users')
            ? 'users'
            : selected.startsWith('/admin/apps')
              ? 'apps'
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
          {/* On a phone the drawer is a modal dialog, with the navigation landmark inside it. */}
          {isPhone ? <nav aria-label={t('nav.label')}>{navItems}</nav> : navItems}
        </NavDrawerBody>
      </NavDrawer>
      <main id="main" className={styles.main} tabIndex={-1}>
        <PasswordExpiryBanner />
        <Outlet />
      </main>
    </div>
  );
}
