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
import { PERMISSIONS } from '../../shared/roles.js';

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
    '/admin',
    '/account/security-info',
    '/account/security',
    '/account/password',
    '/account',
  ];
  const match = routes.find((r) => pathname === r || pathname.startsWith(`${r}/`));
  return match === '/account/password' ? '/account/security' : (match ?? '');
}

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
  const canReadUsers = hasPermission(me, PERMISSIONS.usersRead);
  // A User Administrator may set the expiration policy only, as in Entra.
  const canSeeOrgSettings = hasPermission(me, PERMISSIONS.passwordPolicy) || hasPermission(me, PERMISSIONS.passwordExpiry);
  // Password protection holds the banned list (password policy) and smart lockout (Authentication Administrator too).
  const canSeeProtection = hasPermission(me, PERMISSIONS.passwordPolicy) || hasPermission(me, PERMISSIONS.lockout);
  const canReadMail = hasPermission(me, PERMISSIONS.mailRead);
  const canSeeSspr = hasPermission(me, PERMISSIONS.ssprSettings);
  const canSeeSettings = canSeeOrgSettings || canSeeProtection || canSeeSspr || canReadMail;
  const canReadSignIns = hasPermission(me, PERMISSIONS.reportsRead);
  const canReadAudit = hasPermission(me, PERMISSIONS.auditRead);
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
          selected.startsWith('/admin/users') ? 'users' : selected.startsWith('/admin/reports') ? 'reports' : selected.startsWith('/admin/settings') ? 'settings' : undefined
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
          <NavItem icon={<PersonRegular className={styles.icon} />} {...item('/account')}>
            {t('nav.overview')}
          </NavItem>
          <NavItem icon={<ShieldLockRegular className={styles.icon} />} {...item('/account/security')}>
            {t('nav.security')}
          </NavItem>
          <NavItem icon={<KeyMultipleRegular className={styles.icon} />} {...item('/account/security-info')}>
            {t('securityInfo.nav')}
          </NavItem>
          {isAdmin ? (
            <>
              <NavSectionHeader className={styles.section}>{t('nav.adminCentre')}</NavSectionHeader>
              <NavItem icon={<HomeRegular className={styles.icon} />} {...item('/admin')}>
                {t('nav.home')}
              </NavItem>
              {canReadUsers ? (
                <NavCategory value="users">
                  <NavCategoryItem icon={<PeopleRegular className={styles.icon} />}>{t('nav.users')}</NavCategoryItem>
                  <NavSubItemGroup>
                    <NavSubItem {...item('/admin/users')}>{t('nav.activeUsers')}</NavSubItem>
                  </NavSubItemGroup>
                </NavCategory>
              ) : null}
              {canReadSignIns || canReadAudit ? (
                <NavCategory value="reports">
                  <NavCategoryItem icon={<ChartMultipleRegular className={styles.icon} />}>{t('nav.reports')}</NavCategoryItem>
                  <NavSubItemGroup>
                    {canReadSignIns ? <NavSubItem {...item('/admin/reports/sign-ins')}>{t('nav.signIns')}</NavSubItem> : null}
                    {canReadAudit ? <NavSubItem {...item('/admin/reports/audit')}>{t('nav.auditLog')}</NavSubItem> : null}
                    {canReadSignIns ? <NavSubItem {...item('/admin/reports/password-reset')}>{t('ssprReports.nav')}</NavSubItem> : null}
                  </NavSubItemGroup>
                </NavCategory>
              ) : null}
              {canSeeSettings ? (
                <NavCategory value="settings">
                  <NavCategoryItem icon={<SettingsRegular className={styles.icon} />}>{t('nav.settings')}</NavCategoryItem>
                  <NavSubItemGroup>
                    {canSeeOrgSettings ? <NavSubItem {...item('/admin/settings/security')}>{t('nav.orgSettings')}</NavSubItem> : null}
                    {canSeeProtection ? <NavSubItem {...item('/admin/settings/password-protection')}>{t('nav.passwordProtection')}</NavSubItem> : null}
                    {canSeeSspr ? <NavSubItem {...item('/admin/settings/self-service-password-reset')}>{t('ssprSettings.nav')}</NavSubItem> : null}
                    {canReadMail ? <NavSubItem {...item('/admin/settings/mail')}>{t('nav.mail')}</NavSubItem> : null}
                  </NavSubItemGroup>
                </NavCategory>
              ) : null}
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
