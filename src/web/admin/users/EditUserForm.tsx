import { Button, Field, Input, Spinner, Switch, Text, Textarea } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../shared/api';
import { DIRECTORY_OWNED_FIELDS } from '../../../shared/directory.js';
import type { User } from '../../../shared/users.js';
import { ManagedByDirectoryNote } from '../directory/DirectoryUserParts';
import { SaveErrorBar, fieldMessage, issuesByPath } from '../settings/formErrors';
import { useOrgDomain, useRefreshUsers } from './hooks';
import { useUserPanelStyles } from './userPanelStyles';
import { NEVER_EXPIRES, WEAKER_ALLOWED, formatPolicies, localPart, nullable, parsePolicies, splitList } from './userFields';

/** The user panel's Edit: the profile, the sign-in block and the password policies; only what changed is sent. */
export function EditUserForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const styles = useUserPanelStyles();
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
  // A directory user's directory-owned fields are the directory's (issue 14): shown read-only, not sent.
  const managed = (field: string) => user.onPremisesSyncEnabled && (DIRECTORY_OWNED_FIELDS as readonly string[]).includes(field);
  const managedHint = (field: string) => (managed(field) ? t('directory.managedShort') : undefined);
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
  const listMessage = (prefix: string) =>
    [...issues.entries()]
      .filter(([p]) => p === prefix || p.startsWith(`${prefix}.`))
      .flatMap(([, list]) => list.map((i) => i.message))
      .join(' ') || undefined;
  const shown = (path: string) =>
    ['displayName', 'givenName', 'surname', 'userPrincipalName', 'mail', 'mobilePhone', 'department', 'jobTitle'].includes(path) ||
    path.startsWith('otherMails') ||
    path.startsWith('businessPhones');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body = patch();
    if (!Object.keys(body).length) return onDone();
    save.mutate(body);
  };

  type TextKey = 'displayName' | 'givenName' | 'surname' | 'mail' | 'mobilePhone' | 'businessPhones' | 'department' | 'jobTitle';
  /** A one-line text field bound to its form value; its issue is the field's own unless `message` is given. */
  const textField = (key: TextKey, label: string, options: { type?: 'email' | 'tel'; required?: boolean; message?: string } = {}) => (
    <Field
      label={label}
      required={options.required}
      hint={managedHint(key)}
      validationMessage={'message' in options ? options.message : fieldMessage(issues, key)}
    >
      <Input type={options.type} value={form[key]} readOnly={managed(key)} onChange={(_, d) => set(key, d.value)} />
    </Field>
  );

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-label={t('userPanel.editTitle')}>
      {user.onPremisesSyncEnabled ? <ManagedByDirectoryNote /> : null}
      <div className={styles.row}>
        {textField('givenName', t('userPanel.givenName'))}
        {textField('surname', t('userPanel.surname'))}
      </div>
      {textField('displayName', t('userPanel.displayName'), { required: true })}
      <Field
        label={t('users.userPrincipalName')}
        required
        hint={managedHint('userPrincipalName')}
        validationMessage={fieldMessage(issues, 'userPrincipalName')}
      >
        <Input
          value={form.username}
          readOnly={managed('userPrincipalName')}
          onChange={(_, d) => set('username', d.value)}
          contentAfter={<Text className={styles.muted}>@{initialDomain}</Text>}
        />
      </Field>
      {textField('mail', t('userPanel.mail'), { type: 'email' })}
      <Field label={t('userPanel.otherMails')} hint={t('userPanel.otherMailsHint')} validationMessage={listMessage('otherMails')}>
        <Textarea value={form.otherMails} onChange={(_, d) => set('otherMails', d.value)} rows={2} resize="vertical" />
      </Field>
      <div className={styles.row}>
        {textField('mobilePhone', t('userPanel.mobilePhone'), { type: 'tel' })}
        {textField('businessPhones', t('userPanel.businessPhones'), { type: 'tel', message: listMessage('businessPhones') })}
      </div>
      <div className={styles.row}>
        {textField('department', t('userPanel.department'))}
        {textField('jobTitle', t('userPanel.jobTitle'))}
      </div>
      <Switch
        checked={!form.accountEnabled}
        disabled={managed('accountEnabled')}
        onChange={(_, d) => set('accountEnabled', !d.checked)}
        label={t('userPanel.blockSignIn')}
      />
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
