import { PERMISSIONS, type Permission } from '../../../shared/roles.js';

/** A page under Admin centre > Settings: its address, its name (an i18n key) and who may open it. */
export interface SettingsNavLink {
  to: string;
  /**
   * The i18n key of the page's one name: the nav item, the h1, the last breadcrumb item and the
   * document title all say it (issue 13 item 7).
   */
  label: string;
  /** Any one of these opens the page (and shows its nav item). */
  permission: Permission | readonly Permission[];
}

/** The nav category the settings pages sit in; it has no page of its own. */
export const SETTINGS_CATEGORY = { value: 'settings', label: 'nav.settings' } as const;

/**
 * The settings pages in nav order: the one tree that the left navigation (shared/Frame.tsx) and the
 * breadcrumbs (SettingsPage) are both made from, so they cannot disagree.
 */
export const SETTINGS_LINKS: readonly SettingsNavLink[] = [
  // A User Administrator may set the expiration policy only, as in Entra.
  { to: '/admin/settings/security', label: 'policy.pageTitle', permission: [PERMISSIONS.passwordPolicy, PERMISSIONS.passwordExpiry] },
  // Password protection holds smart lockout (Authentication Administrator too), the banned list and breached passwords.
  { to: '/admin/settings/password-protection', label: 'nav.passwordProtection', permission: [PERMISSIONS.passwordPolicy, PERMISSIONS.lockout] },
  { to: '/admin/settings/self-service-password-reset', label: 'ssprSettings.nav', permission: PERMISSIONS.ssprSettings },
  { to: '/admin/settings/multifactor', label: 'mfaPolicy.nav', permission: PERMISSIONS.mfaSettings },
  { to: '/admin/settings/mail', label: 'nav.mail', permission: PERMISSIONS.mailRead },
];

/** The settings page at `to`; throws for an address that is not in the tree (a programming error). */
export function settingsLink(to: string): SettingsNavLink {
  const link = SETTINGS_LINKS.find((l) => l.to === to);
  if (!link) throw new Error(`${to} is not a settings page (settingsNav.ts)`);
  return link;
}

/** The breadcrumb of a settings page, as i18n keys: the nav's path to it (Settings > the page). */
export function settingsTrail(to: string): string[] {
  return [SETTINGS_CATEGORY.label, settingsLink(to).label];
}
