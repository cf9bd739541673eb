import {
  Button,
  Dropdown,
  Menu,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  Option,
  SearchBox,
  Spinner,
  Tag,
  TagGroup,
  Text,
  Toolbar,
  ToolbarButton,
  ToolbarDivider,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { TableRowId } from '@fluentui/react-components';
import {
  ArrowClockwiseRegular,
  DeleteRegular,
  FilterFilled,
  FilterRegular,
  KeyResetRegular,
  LockOpenRegular,
  PasswordRegular,
  PersonAddRegular,
  SignOutRegular,
} from '@fluentui/react-icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../shared/api';
import { ErrorBar } from '../shared/ErrorBar';
import { Page } from '../shared/Page';
import { useRoleName } from '../shared/RoleList';
import { ROLE_IDS } from '../shared/types';
import type { Page as ApiPage, RoleId, User } from '../shared/types';
import { UsersGrid } from './UsersGrid';
import { useDebounced } from './useDebounced';
import { AddUserPanel } from './users/AddUserPanel';
import { ResetPasswordPanel } from './users/ResetPasswordPanel';
import { UserDetailsPanel } from './users/UserDetailsPanel';
import { DeleteUserDialog, useUserAction } from './users/actions';
import type { Notice, UserAction } from './users/actions';
import { useAdminPermissions } from './users/hooks';

const PAGE_SIZE = 50;

/** The server's `status` filter of `GET /users` ('' = all users). */
const STATUS_FILTERS = ['enabled', 'disabled', 'must_change', 'locked'] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number];

const useStyles = makeStyles({
  commandBar: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    paddingBottom: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  toolbar: { flexGrow: 1, paddingInline: 0 },
  search: { width: '280px', maxWidth: '100%' },
  roleFilter: { width: '260px', minWidth: 'auto', maxWidth: '100%' },
  chips: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  surface: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
    padding: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  scroll: { overflowX: 'auto' },
  footer: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, minHeight: '32px' },
  muted: { color: tokens.colorNeutralForeground2 },
  empty: { padding: `${tokens.spacingVerticalXXL} 0`, textAlign: 'center', color: tokens.colorNeutralForeground2 },
});

export function ActiveUsersPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 300);
  const [status, setStatus] = useState<StatusFilter | ''>('');
  const [role, setRole] = useState<RoleId | ''>('');
  const roleName = useRoleName();
  const [selected, setSelected] = useState<Set<TableRowId>>(() => new Set());
  const { me, canManage, canReset, canRevoke } = useAdminPermissions();
  const [resetFor, setResetFor] = useState<User[] | null>(null);
  const [openUserId, setOpenUserId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<User | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const action = useUserAction(setNotice);
  const openUser = useCallback((u: User) => setOpenUserId(u.id), []);

  const users = useInfiniteQuery({
    // The filters are in the key: a change starts again from the first page.
    queryKey: ['users', { search, status, role }],
    queryFn: ({ pageParam, signal }) =>
      apiFetch<ApiPage<User>>('/users', { query: { search, status, role, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });

  const items = users.data?.pages.flatMap((p) => p.items) ?? [];
  const refreshing = users.isFetching && !users.isFetchingNextPage;
  const selectedUsers = items.filter((u) => selected.has(u.id));
  const one = selectedUsers.length === 1 ? selectedUsers[0]! : null;
  const oneOther = one && one.id !== me?.user.id ? one : null;
  const filtered = !!(status || role);
  // Users a new filter hides would stay selected unseen: a filter change clears the selection.
  const changeFilters = (next: { status?: StatusFilter | ''; role?: RoleId | '' }) => {
    if (next.status !== undefined) setStatus(next.status);
    if (next.role !== undefined) setRole(next.role);
    setSelected(new Set());
  };
  const statusLabel = (value: StatusFilter | '') => t(`users.filters.${value || 'all'}`);
  const run = (name: UserAction) => {
    if (!oneOther) return;
    setNotice(null);
    action.mutate({ action: name, user: oneOther });
  };

  return (
    <Page title={t('users.title')}>
      <div className={styles.surface}>
        <div className={styles.commandBar}>
          <Toolbar aria-label={t('users.commands')} className={styles.toolbar}>
            {canManage ? (
              <ToolbarButton icon={<PersonAddRegular />} onClick={() => setAdding(true)}>
                {t('userActions.addUser')}
              </ToolbarButton>
            ) : null}
            {canReset && selectedUsers.length ? (
              <ToolbarButton icon={<KeyResetRegular />} onClick={() => setResetFor(selectedUsers)}>
                {t('userActions.resetPassword')}
              </ToolbarButton>
            ) : null}
            {canReset && oneOther?.locked ? (
              <ToolbarButton icon={<LockOpenRegular />} onClick={() => run('unlock')} disabled={action.isPending}>
                {t('userActions.unlock')}
              </ToolbarButton>
            ) : null}
            {canRevoke && oneOther ? (
              <ToolbarButton icon={<SignOutRegular />} onClick={() => run('revoke-sessions')} disabled={action.isPending}>
                {t('userActions.revokeSessions')}
              </ToolbarButton>
            ) : null}
            {canReset && oneOther && !oneOther.mustChangePassword ? (
              <ToolbarButton icon={<PasswordRegular />} onClick={() => run('require-password-change')} disabled={action.isPending}>
                {t('userActions.requireChange')}
              </ToolbarButton>
            ) : null}
            {canManage && oneOther ? (
              <ToolbarButton icon={<DeleteRegular />} onClick={() => setDeleting(oneOther)}>
                {t('userActions.delete')}
              </ToolbarButton>
            ) : null}
            {canManage || (canReset && selectedUsers.length) ? <ToolbarDivider /> : null}
            <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void users.refetch()} disabled={refreshing}>
              {t('users.refresh')}
            </ToolbarButton>
          </Toolbar>
          {selected.size ? (
            <Text className={styles.muted} aria-live="polite">
              {t('users.selected', { count: selected.size })}
            </Text>
          ) : null}
          <Menu
            checkedValues={{ status: [status] }}
            onCheckedValueChange={(_, data) => changeFilters({ status: (data.checkedItems[0] ?? '') as StatusFilter | '' })}
          >
            <MenuTrigger disableButtonEnhancement>
              <Button appearance="subtle" icon={status ? <FilterFilled /> : <FilterRegular />}>
                {t('users.filter')}
              </Button>
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                {(['', ...STATUS_FILTERS] as const).map((value) => (
                  <MenuItemRadio key={value || 'all'} name="status" value={value}>
                    {statusLabel(value)}
                  </MenuItemRadio>
                ))}
              </MenuList>
            </MenuPopover>
          </Menu>
          <Dropdown
            className={styles.roleFilter}
            aria-label={t('users.roleFilter')}
            value={role ? t('users.roleChip', { role: roleName(role) }) : t('users.roleAny')}
            selectedOptions={[role]}
            onOptionSelect={(_, data) => changeFilters({ role: (data.optionValue ?? '') as RoleId | '' })}
          >
            <Option value="" text={t('users.roleAny')}>
              {t('users.roleAny')}
            </Option>
            {ROLE_IDS.map((id) => (
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
            onChange={(_, data) => setSearchText(data.value)}
          />
        </div>
        {filtered ? (
          <div className={styles.chips}>
            <TagGroup
              aria-label={t('users.activeFilters')}
              size="small"
              dismissible
              onDismiss={(_, data) => changeFilters(data.value === 'status' ? { status: '' } : { role: '' })}
            >
              {status ? (
                <Tag value="status" appearance="brand" aria-label={t('users.removeFilter', { name: statusLabel(status) })}>
                  {statusLabel(status)}
                </Tag>
              ) : null}
              {role ? (
                <Tag value="role" appearance="brand" aria-label={t('users.removeFilter', { name: t('users.roleChip', { role: roleName(role) }) })}>
                  {t('users.roleChip', { role: roleName(role) })}
                </Tag>
              ) : null}
            </TagGroup>
            <Button appearance="transparent" size="small" onClick={() => changeFilters({ status: '', role: '' })}>
              {t('users.clearFilters')}
            </Button>
          </div>
        ) : null}
        {notice ? (
          notice.intent === 'success' ? (
            <MessageBar intent="success" role="status">
              <MessageBarBody>{notice.text}</MessageBarBody>
            </MessageBar>
          ) : (
            <ErrorBar error={notice.error} />
          )
        ) : null}
        {users.isError ? <ErrorBar error={users.error} onRetry={() => void users.refetch()} /> : null}
        {users.isPending ? (
          <Spinner label={t('app.loading')} />
        ) : items.length === 0 && !users.isError ? (
          <Text as="p" className={styles.empty} role="status">
            {search ? t('users.emptySearch', { search }) : filtered ? t('users.emptyFiltered') : t('users.empty')}
          </Text>
        ) : items.length ? (
          <div className={styles.scroll} aria-busy={refreshing}>
            <UsersGrid users={items} selected={selected} onSelectionChange={setSelected} onOpenUser={openUser} />
          </div>
        ) : null}
        <div className={styles.footer}>
          {items.length ? (
            <Text className={styles.muted} role="status">
              {t('users.count', { count: items.length })}
            </Text>
          ) : null}
          {users.hasNextPage ? (
            <Button onClick={() => void users.fetchNextPage()} disabled={users.isFetchingNextPage}>
              {users.isFetchingNextPage ? t('users.loadingMore') : t('users.loadMore')}
            </Button>
          ) : null}
          {refreshing && !users.isPending ? <Spinner size="tiny" aria-label={t('app.loading')} /> : null}
        </div>
      </div>
      <ResetPasswordPanel open={!!resetFor} users={resetFor ?? []} onClose={() => setResetFor(null)} />
      <UserDetailsPanel
        userId={openUserId}
        onClose={() => setOpenUserId(null)}
        onResetPassword={(u) => {
          setOpenUserId(null);
          setResetFor([u]);
        }}
        onDelete={(u) => setDeleting(u)}
      />
      <AddUserPanel open={adding} onClose={() => setAdding(false)} />
      <DeleteUserDialog
        user={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(u) => {
          setDeleting(null);
          setOpenUserId((id) => (id === u.id ? null : id));
          setSelected((sel) => {
            const next = new Set(sel);
            next.delete(u.id);
            return next;
          });
          setNotice({ intent: 'success', text: t('userActions.done.delete', { name: u.displayName }) });
        }}
      />
    </Page>
  );
}
