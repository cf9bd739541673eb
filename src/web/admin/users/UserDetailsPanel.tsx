import {
  Avatar,
  Badge,
  Button,
  Combobox,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  OverlayDrawer,
  Spinner,
  Switch,
  Tab,
  TabList,
  Text,
  Textarea,
  Toolbar,
  ToolbarButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DeleteRegular, DismissRegular, EditRegular, KeyResetRegular, LockOpenRegular, PasswordRegular, SignOutRegular } from '@fluentui/react-icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { useRoleName } from '../../shared/RoleList';
import { useDateFormatter } from '../../shared/format';
import type { RoleId, User } from '../../shared/types';
import { DetailsList } from '../reports/parts';
import { SaveErrorBar, fieldMessage, issuesByPath } from '../settings/formErrors';
import type { Notice, UserAction } from './actions';
import { useUserAction } from './actions';
import { useAdminPermissions, useOrgDomain, useRefreshUsers, useRoles } from './hooks';
import { NEVER_EXPIRES, WEAKER_ALLOWED, formatPolicies, localPart, nullable, parsePolicies, splitList } from './userFields';

const useStyles = makeStyles({
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  headerText: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  upn: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightRegular, overflowWrap: 'anywhere' },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, paddingBottom: tokens.spacingVerticalXL },
  toolbar: { paddingInline: 0, flexWrap: 'wrap', borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', '> *': { flexGrow: 1, flexBasis: '180px' } },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  sectionTitle: { fontWeight: tokens.fontWeightSemibold },
  roleList: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  roleItem: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM, paddingBlock: tokens.spacingVerticalXXS, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  assign: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  combobox: { minWidth: '260px' },
  muted: { color: tokens.colorNeutralForeground2 },
});

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
  const styles = useStyles();
  return (
    <div className={styles.badges}>
      {user.accountEnabled ? <Badge appearance="tint" color="success">{t('users.enabled')}</Badge> : <Badge appearance="tint" color="danger">{t('users.disabled')}</Badge>}
      {user.locked ? <Badge appearance="tint" color="severe">{t('users.locked')}</Badge> : null}
      {user.mustChangePassword ? <Badge appearance="tint" color="warning">{t('users.mustChangePassword')}</Badge> : null}
    </div>
  );
}

function UserDetails({ userId, onClose, onResetPassword, onDelete }: { userId: string; onClose: () => void; onResetPassword: (user: User) => void; onDelete: (user: User) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useDateFormatter();
  const { me, canManage, canReset, canRevoke, canManageRoles } = useAdminPermissions();
  const [tab, setTab] = useState<'account' | 'roles'>('account');
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const action = useUserAction(setNotice);
  const query = useQuery({ queryKey: ['user', userId], queryFn: ({ signal }) => apiFetch<User>(`/users/${userId}`, { signal }) });
  const user = query.data;
  const self = user?.id === me?.user.id;

  const run = (name: UserAction) => {
    if (!user) return;
    setNotice(null);
    action.mutate({ action: name, user });
  };

  const policies = parsePolicies(user?.passwordPolicies ?? null);

  return (
    <>
      <DrawerHeader>
        <DrawerHeaderTitle action={<Button appearance="subtle" aria-label={t('userPanel.close')} icon={<DismissRegular />} onClick={onClose} />}>
          {user ? (
            <span className={styles.header}>
              <Avatar name={user.displayName} size={48} color="colorful" aria-hidden />
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
              {canReset && !self ? (
                <ToolbarButton icon={<KeyResetRegular />} onClick={() => onResetPassword(user)}>
                  {t('userActions.resetPassword')}
                </ToolbarButton>
              ) : null}
              {canReset && !self && user.locked ? (
                <ToolbarButton icon={<LockOpenRegular />} onClick={() => run('unlock')} disabled={action.isPending}>
                  {t('userActions.unlock')}
                </ToolbarButton>
              ) : null}
              {canRevoke && !self ? (
                <ToolbarButton icon={<SignOutRegular />} onClick={() => run('revoke-sessions')} disabled={action.isPending}>
                  {t('userActions.revokeSessions')}
                </ToolbarButton>
              ) : null}
              {canReset && !self && !user.mustChangePassword ? (
                <ToolbarButton icon={<PasswordRegular />} onClick={() => run('require-password-change')} disabled={action.isPending}>
                  {t('userActions.requireChange')}
                </ToolbarButton>
              ) : null}
              {canManage && !self ? (
                <ToolbarButton icon={<DeleteRegular />} onClick={() => onDelete(user)}>
                  {t('userActions.delete')}
                </ToolbarButton>
              ) : null}
            </Toolbar>
            {notice ? (
              notice.intent === 'success' ? (
                <MessageBar intent="success" role="status">
                  <MessageBarBody>{notice.text}</MessageBarBody>
                </MessageBar>
              ) : (
                <ErrorBar error={notice.error} />
              )
            ) : null}
            <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as 'account' | 'roles')}>
              <Tab value="account">{t('userPanel.account')}</Tab>
              <Tab value="roles">{t('userPanel.roles')}</Tab>
            </TabList>
            {tab === 'account' ? (
              editing ? (
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
                      { label: t('users.lastPasswordChange'), value: format(user.lastPasswordChangeDateTime) ?? t('users.never') },
                      { label: t('userPanel.neverExpires'), value: policies.has(NEVER_EXPIRES) ? t('userPanel.yes') : t('userPanel.no') },
                      { label: t('userPanel.weakerAllowed'), value: policies.has(WEAKER_ALLOWED) ? t('userPanel.yes') : t('userPanel.no') },
                      { label: t('userPanel.created'), value: format(user.createdDateTime) },
                    ]}
                  />
                </>
              )
            ) : (
              <RolesTab user={user} canManageRoles={canManageRoles} />
            )}
          </>
        ) : null}
      </DrawerBody>
    </>
  );
}

function EditUserForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const domain = useOrgDomain();
  const refreshUsers = useRefreshUsers();
  const initialDomain = user.userPrincipalName.slice(user.userPrincipalName.lastIndexOf('@') + 1) || domain;
  const [form, setForm] = useState(() => ({
    displayName: user.displayName,
    givenName: user.givenName ?? '',
    surname: user.surname ?? '',
    username: localPart(user.userPrincipalName),
    mail: user.mail ?? '',
    otherMails: user.otherMails.join('\n'),
    mobilePhone: user.mobilePhone ?? '',
    businessPhones: user.businessPhones.join(', '),
    department: user.department ?? '',
    jobTitle: user.jobTitle ?? '',
    accountEnabled: user.accountEnabled,
    neverExpires: parsePolicies(user.passwordPolicies).has(NEVER_EXPIRES),
    weakerAllowed: parsePolicies(user.passwordPolicies).has(WEAKER_ALLOWED),
  }));
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));

  /** Only what changed is sent: a role that may edit some fields but not others (Entra's sensitive ones) is not refused for fields it left alone. */
  const patch = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const upn = `${form.username.trim()}@${initialDomain}`;
    if (form.displayName.trim() !== user.displayName) out.displayName = form.displayName.trim();
    if (nullable(form.givenName) !== user.givenName) out.givenName = nullable(form.givenName);
    if (nullable(form.surname) !== user.surname) out.surname = nullable(form.surname);
    if (upn !== user.userPrincipalName) out.userPrincipalName = upn;
    if (nullable(form.mail) !== user.mail) out.mail = nullable(form.mail);
    const otherMails = splitList(form.otherMails);
    if (otherMails.join('\n') !== user.otherMails.join('\n')) out.otherMails = otherMails;
    if (nullable(form.mobilePhone) !== user.mobilePhone) out.mobilePhone = nullable(form.mobilePhone);
    const businessPhones = splitList(form.businessPhones);
    if (businessPhones.join('\n') !== user.businessPhones.join('\n')) out.businessPhones = businessPhones;
    if (nullable(form.department) !== user.department) out.department = nullable(form.department);
    if (nullable(form.jobTitle) !== user.jobTitle) out.jobTitle = nullable(form.jobTitle);
    if (form.accountEnabled !== user.accountEnabled) out.accountEnabled = form.accountEnabled;
    const policies = parsePolicies(user.passwordPolicies);
    if (form.neverExpires) policies.add(NEVER_EXPIRES);
    else policies.delete(NEVER_EXPIRES);
    if (form.weakerAllowed) policies.add(WEAKER_ALLOWED);
    else policies.delete(WEAKER_ALLOWED);
    const nextPolicies = formatPolicies(policies);
    if (nextPolicies !== formatPolicies(parsePolicies(user.passwordPolicies))) out.passwordPolicies = nextPolicies;
    return out;
  };

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch<User>(`/users/${user.id}`, { method: 'PATCH', body }),
    onSuccess: () => {
      void refreshUsers();
      onDone();
    },
  });
  const issues = issuesByPath(save.error);
  const listMessage = (prefix: string) => [...issues.entries()].filter(([p]) => p === prefix || p.startsWith(`${prefix}.`)).flatMap(([, list]) => list.map((i) => i.message)).join(' ') || undefined;
  const shown = (path: string) => ['displayName', 'givenName', 'surname', 'userPrincipalName', 'mail', 'mobilePhone', 'department', 'jobTitle'].includes(path) || path.startsWith('otherMails') || path.startsWith('businessPhones');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body = patch();
    if (!Object.keys(body).length) return onDone();
    save.mutate(body);
  };

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-label={t('userPanel.editTitle')}>
      <div className={styles.row}>
        <Field label={t('userPanel.givenName')} validationMessage={fieldMessage(issues, 'givenName')}>
          <Input value={form.givenName} onChange={(_, d) => set('givenName', d.value)} />
        </Field>
        <Field label={t('userPanel.surname')} validationMessage={fieldMessage(issues, 'surname')}>
          <Input value={form.surname} onChange={(_, d) => set('surname', d.value)} />
        </Field>
      </div>
      <Field label={t('userPanel.displayName')} required validationMessage={fieldMessage(issues, 'displayName')}>
        <Input value={form.displayName} onChange={(_, d) => set('displayName', d.value)} />
      </Field>
      <Field label={t('users.userPrincipalName')} required validationMessage={fieldMessage(issues, 'userPrincipalName')}>
        <Input value={form.username} onChange={(_, d) => set('username', d.value)} contentAfter={<Text className={styles.muted}>@{initialDomain}</Text>} />
      </Field>
      <Field label={t('userPanel.mail')} validationMessage={fieldMessage(issues, 'mail')}>
        <Input type="email" value={form.mail} onChange={(_, d) => set('mail', d.value)} />
      </Field>
      <Field label={t('userPanel.otherMails')} hint={t('userPanel.otherMailsHint')} validationMessage={listMessage('otherMails')}>
        <Textarea value={form.otherMails} onChange={(_, d) => set('otherMails', d.value)} rows={2} resize="vertical" />
      </Field>
      <div className={styles.row}>
        <Field label={t('userPanel.mobilePhone')} validationMessage={fieldMessage(issues, 'mobilePhone')}>
          <Input type="tel" value={form.mobilePhone} onChange={(_, d) => set('mobilePhone', d.value)} />
        </Field>
        <Field label={t('userPanel.businessPhones')} validationMessage={listMessage('businessPhones')}>
          <Input type="tel" value={form.businessPhones} onChange={(_, d) => set('businessPhones', d.value)} />
        </Field>
      </div>
      <div className={styles.row}>
        <Field label={t('userPanel.department')} validationMessage={fieldMessage(issues, 'department')}>
          <Input value={form.department} onChange={(_, d) => set('department', d.value)} />
        </Field>
        <Field label={t('userPanel.jobTitle')} validationMessage={fieldMessage(issues, 'jobTitle')}>
          <Input value={form.jobTitle} onChange={(_, d) => set('jobTitle', d.value)} />
        </Field>
      </div>
      <Switch checked={!form.accountEnabled} onChange={(_, d) => set('accountEnabled', !d.checked)} label={t('userPanel.blockSignIn')} />
      <Switch checked={form.neverExpires} onChange={(_, d) => set('neverExpires', d.checked)} label={t('userPanel.neverExpiresSwitch')} />
      <Switch checked={form.weakerAllowed} onChange={(_, d) => set('weakerAllowed', d.checked)} label={t('userPanel.weakerAllowedSwitch')} />
      {save.error ? <SaveErrorBar error={save.error} shownPaths={shown} /> : null}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={save.isPending} icon={save.isPending ? <Spinner size="tiny" /> : undefined}>
          {t('userPanel.save')}
        </Button>
        <Button onClick={onDone}>{t('userPanel.cancel')}</Button>
      </div>
    </form>
  );
}

function RolesTab({ user, canManageRoles }: { user: User; canManageRoles: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const roleName = useRoleName();
  const refreshUsers = useRefreshUsers();
  const roles = useRoles(canManageRoles);
  const [choice, setChoice] = useState<RoleId | null>(null);
  const [text, setText] = useState('');
  const assign = useMutation({
    mutationFn: (role: RoleId) => apiFetch<{ id: string }>('/role-assignments', { method: 'POST', body: { userId: user.id, role } }),
    onSuccess: () => {
      setChoice(null);
      setText('');
      void refreshUsers();
    },
  });
  const remove = useMutation({
    mutationFn: (role: RoleId) => apiFetch<void>(`/role-assignments/${encodeURIComponent(`${role}.${user.id}`)}`, { method: 'DELETE' }),
    onSuccess: () => void refreshUsers(),
  });
  const available = (roles.data ?? []).filter((r) => !user.roles.includes(r.id));
  const filtered = available.filter((r) => !text || roleName(r.id).toLowerCase().includes(text.toLowerCase()));

  return (
    <div className={styles.form}>
      <Text className={styles.sectionTitle}>{t('userPanel.assignedRoles')}</Text>
      {user.roles.length ? (
        <ul className={styles.roleList} aria-label={t('userPanel.assignedRoles')}>
          {user.roles.map((role) => (
            <li key={role} className={styles.roleItem}>
              <span>{roleName(role)}</span>
              {canManageRoles ? (
                <Button size="small" appearance="subtle" icon={<DismissRegular />} disabled={remove.isPending} onClick={() => remove.mutate(role)} aria-label={t('userPanel.removeRole', { role: roleName(role) })}>
                  {t('userPanel.remove')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <Text className={styles.muted}>{t('userPanel.noRoles')}</Text>
      )}
      {canManageRoles ? (
        <div className={styles.assign}>
          <Field label={t('userPanel.addRole')}>
            <Combobox
              className={styles.combobox}
              placeholder={t('userPanel.chooseRole')}
              value={text}
              selectedOptions={choice ? [choice] : []}
              onChange={(e) => {
                setText(e.target.value);
                setChoice(null);
              }}
              onOptionSelect={(_, d) => {
                setChoice((d.optionValue as RoleId | undefined) ?? null);
                setText(d.optionText ?? '');
              }}
            >
              {filtered.map((r) => (
                <Option key={r.id} value={r.id}>
                  {roleName(r.id)}
                </Option>
              ))}
            </Combobox>
          </Field>
          <Button appearance="primary" disabled={!choice || assign.isPending} onClick={() => choice && assign.mutate(choice)}>
            {t('userPanel.assign')}
          </Button>
        </div>
      ) : (
        <Text className={styles.muted}>{t('userPanel.rolesReadOnly')}</Text>
      )}
      {assign.error ? <ErrorBar error={assign.error} /> : null}
      {remove.error ? <ErrorBar error={remove.error} /> : null}
    </div>
  );
}
