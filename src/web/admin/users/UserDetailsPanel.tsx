import { Avatar, Badge, Button, DrawerBody, DrawerHeader, DrawerHeaderTitle, OverlayDrawer, Spinner, Tab, TabList, Toolbar } from '@fluentui/react-components';
import { DismissRegular, EditRegular } from '@fluentui/react-icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { useDateFormatter } from '../../shared/format';
import type { User } from '../../../shared/users.js';
import { DetailsList } from '../reports/parts';
import type { Notice, UserAction } from './actions';
import { useUserAction } from './actions';
import { BlockSignInDialog } from './BlockSignIn';
import { EditUserForm } from './EditUserForm';
import { useAdminPermissions } from './hooks';
import { NoticeBar, UserActionButtons } from './UserActionButtons';
import { NEVER_EXPIRES, WEAKER_ALLOWED, parsePolicies } from './userFields';
import { useUserPanelStyles } from './userPanelStyles';
import { RolesTab } from './UserRolesTab';
import { initials } from '../../shared/initials';
import { DirectoryBadge, lockReason } from '../directory/DirectoryUserParts';

interface Props {
  userId: string | null;
  onClose: () => void;
  onResetPassword: (user: User) => void;
  onDelete: (user: User) => void;
}

/** The user panel of Active users: overview, actions, Edit and Roles, as the admin centre's. */
export function UserDetailsPanel({ userId, onClose, onResetPassword, onDelete }: Props) {
  return (
    <OverlayDrawer position="end" size="medium" open={!!userId} onOpenChange={(_, d) => (d.open ? undefined : onClose())} data-testid="user-panel">
      {userId ? <UserDetails key={userId} userId={userId} onClose={onClose} onResetPassword={onResetPassword} onDelete={onDelete} /> : null}
    </OverlayDrawer>
  );
}

export function StatusBadges({ user }: { user: User }) {
  const { t } = useTranslation();
  const styles = useUserPanelStyles();
  return (
    <div className={styles.badges}>
      {user.accountEnabled ? (
        <Badge appearance="tint" color="success">
          {t('users.enabled')}
        </Badge>
      ) : (
        <Badge appearance="tint" color="danger">
          {t('users.disabled')}
        </Badge>
      )}
      {user.locked || user.lockedInDirectory ? (
        <Badge appearance="tint" color="severe">
          {user.lockedInDirectory ? t('directory.lockedInDirectory') : t('users.locked')}
        </Badge>
      ) : null}
      {user.mustChangePassword ? (
        <Badge appearance="tint" color="warning">
          {t('users.mustChangePassword')}
        </Badge>
      ) : null}
      <DirectoryBadge user={user} />
    </div>
  );
}

function UserDetails({ userId, onClose, onResetPassword, onDelete }: Props & { userId: string }) {
  const { t } = useTranslation();
  const styles = useUserPanelStyles();
  const { me, canManage, canManageRoles } = useAdminPermissions();
  const [tab, setTab] = useState<'account' | 'roles'>('account');
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [blocking, setBlocking] = useState<User | null>(null);
  const action = useUserAction(setNotice);
  const query = useQuery({ queryKey: ['user', userId], queryFn: ({ signal }) => apiFetch<User>(`/users/${userId}`, { signal }) });
  const user = query.data;
  const self = user?.id === me?.user.id;

  const run = (name: UserAction) => {
    if (!user) return;
    setNotice(null);
    action.mutate({ action: name, user });
  };

  return (
    <>
      <DrawerHeader>
        <DrawerHeaderTitle action={<Button appearance="subtle" aria-label={t('userPanel.close')} icon={<DismissRegular />} onClick={onClose} />}>
          {user ? (
            <span className={styles.header}>
              <Avatar name={user.displayName} initials={initials(user.displayName)} size={48} color="colorful" aria-hidden />
              <span className={styles.headerText}>
                <span>{user.displayName}</span>
                <span className={styles.upn}>{user.userPrincipalName}</span>
              </span>
            </span>
          ) : (
            t('userPanel.title')
          )}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        {query.isPending ? <Spinner label={t('app.loading')} /> : null}
        {query.isError ? <ErrorBar error={query.error} onRetry={() => void query.refetch()} /> : null}
        {user ? (
          <>
            <Toolbar aria-label={t('userPanel.actions')} className={styles.toolbar} size="small">
              <UserActionButtons
                user={self ? null : user}
                canResetNow={!self}
                onReset={() => onResetPassword(user)}
                onRun={run}
                onDelete={onDelete}
                onBlock={(u) => {
                  setNotice(null);
                  setBlocking(u);
                }}
                pending={action.isPending}
              />
            </Toolbar>
            <NoticeBar notice={notice} />
            <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as 'account' | 'roles')}>
              <Tab value="account">{t('userPanel.account')}</Tab>
              <Tab value="roles">{t('userPanel.roles')}</Tab>
            </TabList>
            {tab === 'roles' ? (
              <RolesTab user={user} canManageRoles={canManageRoles} />
            ) : editing ? (
              <EditUserForm user={user} onDone={() => setEditing(false)} />
            ) : (
              <>
                {canManage ? (
                  <div className={styles.actions}>
                    <Button icon={<EditRegular />} onClick={() => setEditing(true)}>
                      {t('userPanel.edit')}
                    </Button>
                  </div>
                ) : null}
                <AccountDetails user={user} />
              </>
            )}
          </>
        ) : null}
      </DrawerBody>
      <BlockSignInDialog
        user={blocking}
        onClose={() => setBlocking(null)}
        onDone={(u, blocked) => {
          setBlocking(null);
          setNotice({ intent: 'success', text: t(blocked ? 'userActions.done.block' : 'userActions.done.unblock', { name: u.displayName }) });
        }}
      />
    </>
  );
}

/** The account tab's overview of the user. */
function AccountDetails({ user }: { user: User }) {
  const { t } = useTranslation();
  const format = useDateFormatter();
  const policies = parsePolicies(user.passwordPolicies);
  return (
    <DetailsList
      label={t('userPanel.account')}
      rows={[
        { label: t('userPanel.displayName'), value: user.displayName },
        { label: t('userPanel.givenName'), value: user.givenName },
        { label: t('userPanel.surname'), value: user.surname },
        { label: t('users.userPrincipalName'), value: user.userPrincipalName },
        { label: t('userPanel.mail'), value: user.mail },
        { label: t('userPanel.otherMails'), value: user.otherMails.join(', ') },
        { label: t('userPanel.mobilePhone'), value: user.mobilePhone },
        { label: t('userPanel.businessPhones'), value: user.businessPhones.join(', ') },
        { label: t('userPanel.department'), value: user.department },
        { label: t('userPanel.jobTitle'), value: user.jobTitle },
        { label: t('users.status'), value: <StatusBadges user={user} /> },
        ...(user.locked || user.lockedInDirectory
          ? [{ label: t('directory.lockReason'), value: <span data-testid="lock-reason">{lockReason(user, t)}</span> }]
          : []),
        ...(user.onPremisesSyncEnabled
          ? [
              { label: t('directory.dn'), value: user.onPremisesDistinguishedName },
              { label: t('directory.accountName'), value: user.onPremisesSamAccountName },
              { label: t('directory.lastSynced'), value: format(user.onPremisesLastSyncDateTime) },
            ]
          : []),
        { label: t('users.lastPasswordChange'), value: format(user.lastPasswordChangeDateTime) ?? t('users.never') },
        { label: t('userPanel.neverExpires'), value: policies.has(NEVER_EXPIRES) ? t('userPanel.yes') : t('userPanel.no') },
        { label: t('userPanel.weakerAllowed'), value: policies.has(WEAKER_ALLOWED) ? t('userPanel.yes') : t('userPanel.no') },
        { label: t('userPanel.created'), value: format(user.createdDateTime) },
      ]}
    />
  );
}
