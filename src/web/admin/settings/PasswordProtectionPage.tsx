import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../shared/session';
import { PERMISSIONS } from '../../../shared/roles.js';
import { BannedPasswordsCard, bannedShown, useBannedPasswordsForm } from './BannedPasswordsCard';
import { BreachedPasswordsCard, breachedShown, useBreachedPasswordsForm } from './BreachedPasswordsForm';
import { GroupSaveErrors } from './formErrors';
import { SmartLockoutCard, smartLockoutShown, useSmartLockoutForm } from './SmartLockoutForm';
import { SettingsPage, useSettingsTitle } from './SettingsPage';
import { useSettingsStyles } from './settingsParts';
import { SettingsSaveBar } from './SettingsSaveBar';
import { useSettingsGroup } from './useSettingsGroup';
import type { GroupMember } from './useSettingsGroup';

const PATH = '/admin/settings/password-protection';

/**
 * Admin centre > Settings > Password protection, as Entra's one blade: smart lockout
 * (`settings:lockout`), the custom banned password list and the breached-password check
 * (`settings:password-policy`), each shown only to those who may change it, with ONE Save and
 * Cancel for all of them (issue 13 item 7). Save sends only the documents that changed, one after
 * the other (useSettingsGroup); when not all are saved the bar says which were and which weren't.
 */
export function PasswordProtectionPage() {
  const { t } = useTranslation();
  const shared = useSettingsStyles();
  const { data: me } = useMe();
  const title = useSettingsTitle(PATH);
  const mayLockout = hasPermission(me, PERMISSIONS.lockout);
  const mayPolicy = hasPermission(me, PERMISSIONS.passwordPolicy);
  const lockout = useSmartLockoutForm(mayLockout);
  const banned = useBannedPasswordsForm(mayPolicy);
  const breached = useBreachedPasswordsForm(mayPolicy);
  const members: GroupMember[] = [
    ...(mayLockout ? [{ name: t('lockout.heading'), form: lockout, shownPaths: smartLockoutShown }] : []),
    ...(mayPolicy
      ? [
          { name: t('protection.heading'), form: banned, shownPaths: bannedShown },
          { name: t('breached.heading'), form: breached, shownPaths: breachedShown },
        ]
      : []),
  ];
  const group = useSettingsGroup(members);

  return (
    <SettingsPage path={PATH}>
      <form className={shared.form} onSubmit={group.submit} noValidate aria-label={title}>
        {mayLockout ? <SmartLockoutCard form={lockout} /> : null}
        {mayPolicy ? <BannedPasswordsCard form={banned} /> : null}
        {mayPolicy ? <BreachedPasswordsCard form={breached} /> : null}
        <SettingsSaveBar form={group} errors={group.outcome ? <GroupSaveErrors outcome={group.outcome} /> : null} />
      </form>
    </SettingsPage>
  );
}
