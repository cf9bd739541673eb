import { Avatar, Badge, Link, TableCellLayout, createTableColumn, makeStyles, tokens } from '@fluentui/react-components';
import type { TableColumnDefinition, TableColumnSizingOptions } from '@fluentui/react-components';
import { LockClosedRegular } from '@fluentui/react-icons';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoleName } from '../shared/RoleList';
import { useDateFormatter } from '../shared/format';
import type { User } from '../../shared/users.js';
import { initials } from '../shared/initials';
import { DirectoryBadge, lockReason } from './directory/DirectoryUserParts';

const useStyles = makeStyles({
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, paddingBlock: tokens.spacingVerticalXS },
  badge: { whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  grid: { minWidth: '760px' },
  nameLink: { textAlign: 'start', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', maxWidth: '100%' },
});

export const usersSizing: TableColumnSizingOptions = {
  displayName: { idealWidth: 200, minWidth: 150 },
  userPrincipalName: { idealWidth: 240, minWidth: 150 },
  roles: { idealWidth: 190, minWidth: 110 },
  status: { idealWidth: 200, minWidth: 180 },
  lastPasswordChange: { idealWidth: 170, minWidth: 150 },
};

/** The columns of Active users; the name opens the user panel (as a link, as in the admin centre). */
export function useUsersColumns(onOpenUser: (user: User) => void): TableColumnDefinition<User>[] {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const roleName = useRoleName();
  const format = useDateFormatter();

  return useMemo<TableColumnDefinition<User>[]>(
    () => [
      createTableColumn<User>({
        columnId: 'displayName',
        renderHeaderCell: () => t('users.displayName'),
        renderCell: (u) => (
          <TableCellLayout truncate media={<Avatar name={u.displayName} initials={initials(u.displayName)} size={24} color="colorful" aria-hidden />}>
            <Link
              as="button"
              type="button"
              className={styles.nameLink}
              title={t('users.openUser', { name: u.displayName })}
              onClick={(e) => {
                // A click on the name opens the panel; it does not toggle the row's selection.
                e.stopPropagation();
                onOpenUser(u);
              }}
            >
              {u.displayName}
            </Link>
          </TableCellLayout>
        ),
      }),
      createTableColumn<User>({
        columnId: 'userPrincipalName',
        renderHeaderCell: () => t('users.userPrincipalName'),
        renderCell: (u) => (
          <TableCellLayout truncate title={u.userPrincipalName}>
            {u.userPrincipalName}
          </TableCellLayout>
        ),
      }),
      createTableColumn<User>({
        columnId: 'roles',
        renderHeaderCell: () => t('users.roles'),
        renderCell: (u) => {
          const names = u.roles.map(roleName).join(', ');
          return (
            <TableCellLayout truncate title={names || undefined}>
              {names || <span className={styles.muted}>{t('users.noRoles')}</span>}
            </TableCellLayout>
          );
        },
      }),
      createTableColumn<User>({
        columnId: 'status',
        renderHeaderCell: () => t('users.status'),
        renderCell: (u) => (
          <div className={styles.badges}>
            {u.accountEnabled ? (
              <Badge className={styles.badge} appearance="tint" color="success">
                {t('users.enabled')}
              </Badge>
            ) : (
              <Badge className={styles.badge} appearance="tint" color="danger">
                {t('users.disabled')}
              </Badge>
            )}
            {u.locked || u.lockedInDirectory ? (
              <Badge className={styles.badge} appearance="tint" color="severe" icon={<LockClosedRegular />} title={lockReason(u, t) ?? undefined}>
                {u.lockedInDirectory ? t('directory.lockedInDirectory') : t('users.locked')}
              </Badge>
            ) : null}
            {u.mustChangePassword ? (
              <Badge className={styles.badge} appearance="tint" color="warning">
                {t('users.mustChangePassword')}
              </Badge>
            ) : null}
            <DirectoryBadge user={u} className={styles.badge} />
          </div>
        ),
      }),
      createTableColumn<User>({
        columnId: 'lastPasswordChange',
        renderHeaderCell: () => t('users.lastPasswordChange'),
        renderCell: (u) => format(u.lastPasswordChangeDateTime) ?? <span className={styles.muted}>{t('users.never')}</span>,
      }),
    ],
    // roleName and format only depend on the language, which `t` and `i18n.language` follow.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language, styles, onOpenUser],
  );
}

/** The users grid's minimum width (it scrolls sideways below it). */
export function useUsersGridClass(): string {
  return useStyles().grid;
}
