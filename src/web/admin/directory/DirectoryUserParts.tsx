import { Badge, MessageBar, MessageBarBody, Tooltip } from '@fluentui/react-components';
import { BuildingRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/users.js';

/**
 * "In directory": the user comes from the on-premises directory (Microsoft 365's sync status icon),
 * so the directory owns their password and directory fields.
 */
export function DirectoryBadge({ user, className }: { user: User; className?: string }) {
  const { t } = useTranslation();
  if (!user.onPremisesSyncEnabled) return null;
  return (
    <Tooltip content={t('directory.badgeTitle')} relationship="description">
      <Badge className={className} appearance="tint" color="brand" icon={<BuildingRegular />} data-testid="directory-badge">
        {t('directory.badge')}
      </Badge>
    </Tooltip>
  );
}

/** Why a locked user is locked: by the directory itself, else by Latchkey's smart lockout; null when not locked. */
export function lockReason(user: User, t: (key: string) => string): string | null {
  if (user.lockedInDirectory) return t('directory.lockedInDirectory');
  return user.locked ? t('directory.lockedSmartLockout') : null;
}

/** The note above a directory user's Edit form: the directory-owned fields are read-only here. */
export function ManagedByDirectoryNote({ id }: { id?: string }) {
  const { t } = useTranslation();
  return (
    <MessageBar intent="info" layout="multiline" data-testid="directory-managed-note" id={id}>
      <MessageBarBody>{t('directory.managed')}</MessageBarBody>
    </MessageBar>
  );
}
