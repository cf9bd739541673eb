import { Checkbox, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { graphAppPermissions, type GraphAppPermission } from '../../../shared/apps.js';

const useStyles = makeStyles({
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, border: 'none', margin: 0, padding: 0 },
  legend: { fontWeight: tokens.fontWeightSemibold, paddingBottom: tokens.spacingVerticalXS },
  item: { display: 'flex', flexDirection: 'column' },
  name: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase300 },
  description: { color: tokens.colorNeutralForeground2, paddingInlineStart: '36px', marginTop: `calc(-1 * ${tokens.spacingVerticalXS})` },
});

/** The catalogue key of a permission's description (i18next keys can't hold dots). */
export const permissionKey = (permission: GraphAppPermission) => `apps.permissionText.${permission.replace(/[.-]/g, '')}`;

/**
 * The seven Microsoft Graph application permissions as checkboxes, each with a line on what it lets
 * the app do in Latchkey (shared/apps.ts appPermissionGrants).
 */
export function PermissionPicker({
  value,
  onChange,
  legend,
  disabled,
}: {
  value: readonly GraphAppPermission[];
  onChange: (value: GraphAppPermission[]) => void;
  legend: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const id = useId();
  const toggle = (permission: GraphAppPermission, on: boolean) => onChange(graphAppPermissions.filter((p) => (p === permission ? on : value.includes(p))));
  return (
    <fieldset className={styles.group} data-testid="permission-picker">
      <legend className={styles.legend}>{legend}</legend>
      {graphAppPermissions.map((permission) => (
        <div key={permission} className={styles.item}>
          <Checkbox
            checked={value.includes(permission)}
            disabled={disabled}
            onChange={(_, d) => toggle(permission, !!d.checked)}
            label={<span className={styles.name}>{permission}</span>}
            aria-describedby={`${id}-${permission}`}
          />
          <Text id={`${id}-${permission}`} size={200} className={styles.description}>
            {t(permissionKey(permission))}
          </Text>
        </div>
      ))}
    </fieldset>
  );
}
