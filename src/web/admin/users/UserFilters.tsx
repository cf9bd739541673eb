import {
  Button,
  Dropdown,
  Menu,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Option,
  SearchBox,
  Tag,
  TagGroup,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { FilterFilled, FilterRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { roleIds } from '../../../shared/roles.js';
import type { RoleId } from '../../../shared/roles.js';
import { useRoleName } from '../../shared/RoleList';

/** The server's `status` filter of `GET /users` ('' = all users). */
export const STATUS_FILTERS = ['enabled', 'disabled', 'must_change', 'locked'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface UserFilterValues {
  status: StatusFilter | '';
  role: RoleId | '';
}

const useStyles = makeStyles({
  search: { width: '280px', maxWidth: '100%' },
  roleFilter: { width: '260px', minWidth: 'auto', maxWidth: '100%' },
  chips: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

function useFilterLabels() {
  const { t } = useTranslation();
  const roleName = useRoleName();
  return {
    status: (value: StatusFilter | '') => t(`users.filters.${value || 'all'}`),
    role: (role: RoleId) => t('users.roleChip', { role: roleName(role) }),
  };
}

interface ControlsProps {
  filters: UserFilterValues;
  onChange: (next: Partial<UserFilterValues>) => void;
  searchText: string;
  onSearch: (text: string) => void;
}

/** The status filter menu, the role dropdown and the search box of Active users' command bar. */
export function UserFilterControls({ filters: { status, role }, onChange, searchText, onSearch }: ControlsProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const roleName = useRoleName();
  const label = useFilterLabels();
  return (
    <>
      <Menu checkedValues={{ status: [status] }} onCheckedValueChange={(_, data) => onChange({ status: (data.checkedItems[0] ?? '') as StatusFilter | '' })}>
        <MenuTrigger disableButtonEnhancement>
          <Button appearance="subtle" icon={status ? <FilterFilled /> : <FilterRegular />}>
            {t('users.filter')}
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {(['', ...STATUS_FILTERS] as const).map((value) => (
              <MenuItemRadio key={value || 'all'} name="status" value={value}>
                {label.status(value)}
              </MenuItemRadio>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
      <Dropdown
        className={styles.roleFilter}
        aria-label={t('users.roleFilter')}
        value={role ? label.role(role) : t('users.roleAny')}
        selectedOptions={[role]}
        onOptionSelect={(_, data) => onChange({ role: (data.optionValue ?? '') as RoleId | '' })}
      >
        <Option value="" text={t('users.roleAny')}>
          {t('users.roleAny')}
        </Option>
        {roleIds.map((id) => (
          <Option key={id} value={id}>
            {roleName(id)}
          </Option>
        ))}
      </Dropdown>
      <SearchBox
        className={styles.search}
        aria-label={t('users.search')}
        placeholder={t('users.searchPlaceholder')}
        value={searchText}
        onChange={(_, data) => onSearch(data.value)}
      />
    </>
  );
}

/** The filters that are on, as chips that remove them, and Clear filters. */
export function UserFilterChips({ filters: { status, role }, onChange }: { filters: UserFilterValues; onChange: (next: Partial<UserFilterValues>) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const label = useFilterLabels();
  if (!status && !role) return null;
  return (
    <div className={styles.chips}>
      <TagGroup
        aria-label={t('users.activeFilters')}
        size="small"
        dismissible
        onDismiss={(_, data) => onChange(data.value === 'status' ? { status: '' } : { role: '' })}
      >
        {status ? (
          <Tag value="status" appearance="brand" aria-label={t('users.removeFilter', { name: label.status(status) })}>
            {label.status(status)}
          </Tag>
        ) : null}
        {role ? (
          <Tag value="role" appearance="brand" aria-label={t('users.removeFilter', { name: label.role(role) })}>
            {label.role(role)}
          </Tag>
        ) : null}
      </TagGroup>
      <Button appearance="transparent" size="small" onClick={() => onChange({ status: '', role: '' })}>
        {t('users.clearFilters')}
      </Button>
    </div>
  );
}
