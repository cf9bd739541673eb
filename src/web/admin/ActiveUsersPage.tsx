import { Text, ToolbarButton, ToolbarDivider } from '@fluentui/react-components';
import type { TableRowId } from '@fluentui/react-components';
import { PersonAddRegular } from '@fluentui/react-icons';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../shared/Page';
import type { Page as ApiPage } from '../../shared/api.js';
import type { User } from '../../shared/users.js';
import { useReportStyles } from './reports/parts';
import { ReportGrid, isRefreshing, usePagedQuery } from './reports/ReportGrid';
import { usersSizing, useUsersColumns, useUsersGridClass } from './UsersGrid';
import { useDebounced } from './useDebounced';
import { AddUserPanel } from './users/AddUserPanel';
import { BlockSignInDialog } from './users/BlockSignIn';
import { ResetPasswordPanel } from './users/ResetPasswordPanel';
import { UserActionButtons, NoticeBar } from './users/UserActionButtons';
import { UsersCommandBar } from './users/UsersCommandBar';
import { UserDetailsPanel } from './users/UserDetailsPanel';
import { UserFilterChips, UserFilterControls } from './users/UserFilters';
import type { UserFilterValues } from './users/UserFilters';
import { DeleteUserDialog, useUserAction } from './users/actions';
import type { Notice, UserAction } from './users/actions';
import { useAdminPermissions } from './users/hooks';

/** Users > Active users, as the admin centre's: search, filters, the grid with its actions and the user panel. */
export function ActiveUsersPage() {
  const { t } = useTranslation();
  const styles = useReportStyles();
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 300);
  const [filters, setFilters] = useState<UserFilterValues>({ status: '', role: '' });
  const { status, role } = filters;
  const [selected, setSelected] = useState<Set<TableRowId>>(() => new Set());
  const { me, canManage, canReset } = useAdminPermissions();
  const [resetFor, setResetFor] = useState<User[] | null>(null);
  const [openUserId, setOpenUserId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<User | null>(null);
  const [blocking, setBlocking] = useState<User | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const action = useUserAction(setNotice);
  const openUser = useCallback((u: User) => setOpenUserId(u.id), []);
  const columns = useUsersColumns(openUser);
  const gridClass = useUsersGridClass();

  // The filters are in the key: a change starts again from the first page.
  const users = usePagedQuery<ApiPage<User>>(['users', { search, status, role }], '/users', { search, status, role });

  const items = users.data?.pages.flatMap((p) => p.items) ?? [];
  const selectedUsers = items.filter((u) => selected.has(u.id));
  const one = selectedUsers.length === 1 ? selectedUsers[0]! : null;
  const oneOther = one && one.id !== me?.user.id ? one : null;
  const filtered = !!(status || role);
  // As the admin centre: how many users the list shows (with a filter or a search, those that match).
  const total = users.isPending ? null : t(users.hasNextPage ? 'users.totalMore' : 'users.total', { count: items.length });
  // Users a new filter hides would stay selected unseen: a filter change clears the selection.
  const changeFilters = (next: Partial<UserFilterValues>) => {
    setFilters((f) => ({ ...f, ...next }));
    setSelected(new Set());
  };
  const run = (name: UserAction) => {
    if (!oneOther) return;
    setNotice(null);
    action.mutate({ action: name, user: oneOther });
  };

  return (
    <Page title={t('users.title')}>
      <div className={styles.surface}>
        <UsersCommandBar
          commandsKey={oneOther ? `one:${oneOther.id}` : selectedUsers.length ? 'many' : 'none'}
          onRefresh={() => void users.refetch()}
          refreshing={isRefreshing(users)}
          after={
            <>
              {total ? (
                <Text className={styles.muted} data-testid="users-total">
                  {total}
                </Text>
              ) : null}
              {selected.size ? (
                <Text className={styles.muted} aria-live="polite">
                  {t('users.selected', { count: selected.size })}
                </Text>
              ) : null}
              <UserFilterControls filters={filters} onChange={changeFilters} searchText={searchText} onSearch={setSearchText} />
            </>
          }
        >
          {canManage ? (
            <ToolbarButton icon={<PersonAddRegular />} onClick={() => setAdding(true)}>
              {t('userActions.addUser')}
            </ToolbarButton>
          ) : null}
          <UserActionButtons
            user={oneOther}
            canResetNow={selectedUsers.length > 0}
            onReset={() => setResetFor(selectedUsers)}
            onRun={run}
            onDelete={setDeleting}
            onBlock={(u) => {
              setNotice(null);
              setBlocking(u);
            }}
            pending={action.isPending}
          />
          {canManage || (canReset && selectedUsers.length) ? <ToolbarDivider /> : null}
        </UsersCommandBar>
        <UserFilterChips filters={filters} onChange={changeFilters} />
        <NoticeBar notice={notice} />
        <ReportGrid
          query={users}
          columns={columns}
          sizing={usersSizing}
          getRowId={(u) => u.id}
          gridLabel={t('users.gridLabel')}
          gridClassName={gridClass}
          selection={{ selected, onChange: setSelected, allLabel: t('users.selectAll'), rowLabel: (u) => t('users.selectRow', { name: u.displayName }) }}
          emptyText={t('users.empty')}
          filtered={!!search || filtered}
          filteredText={search ? t('users.emptySearch', { search }) : t('users.emptyFiltered')}
          countText={(count) => t('users.count', { count })}
        />
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
      <BlockSignInDialog
        user={blocking}
        onClose={() => setBlocking(null)}
        onDone={(u, blocked) => {
          setBlocking(null);
          setNotice({ intent: 'success', text: t(blocked ? 'userActions.done.block' : 'userActions.done.unblock', { name: u.displayName }) });
        }}
      />
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
