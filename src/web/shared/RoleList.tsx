import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { roleIds } from '../../shared/roles.js';

const useStyles = makeStyles({
  list: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, listStyle: 'none', margin: 0, padding: 0 },
});

/** The localised Entra display name of a role; unknown ids are shown as they are. */
export function useRoleName(): (role: string) => string {
  const { t } = useTranslation();
  return (role) => ((roleIds as readonly string[]).includes(role) ? t(`roles.${role}`) : role);
}

export function RoleList({ roles, empty }: { roles: readonly string[]; empty: string }) {
  const styles = useStyles();
  const roleName = useRoleName();
  if (!roles.length) return <span>{empty}</span>;
  return (
    <ul className={styles.list}>
      {roles.map((role) => (
        <li key={role}>
          <Badge appearance="tint" color="brand" shape="rounded">
            {roleName(role)}
          </Badge>
        </li>
      ))}
    </ul>
  );
}
