import { Button, DrawerBody, DrawerFooter, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/users.js';
import { ApiError, apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { isPasswordRejection } from '../../shared/password/PasswordIssues';
import { useNewPassword } from '../../shared/password/useNewPassword';
import { SaveErrorBar, fieldMessage, issuesByPath } from '../settings/formErrors';
import { AddUserFields, draftPaths, emptyDraft } from './AddUserFields';
import type { UserDraft } from './AddUserFields';
import { useAdminPermissions, useOrgDomain, useRefreshUsers } from './hooks';
import { ChosenPasswordOptions, PanelHeader, PanelOutcome, PasswordPanel, usePanelStyles } from './PasswordPanel';
import { PasswordResults } from './PasswordResults';
import { nullable } from './userFields';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  section: { fontWeight: tokens.fontWeightSemibold, marginTop: tokens.spacingVerticalS },
});

/** Users > Active users > Add a user: the basics, roles and the password, as the admin centre. */
export function AddUserPanel({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <PasswordPanel open={open} onClose={onClose} testId="add-user-panel">
      {() => <AddUserContent onClose={onClose} />}
    </PasswordPanel>
  );
}

interface Created {
  user: User;
  password: string | null;
  /** Roles the server refused after the user was created. */
  roleErrors: unknown[];
}

/** The server's refusals of the user principal name, shown next to the username. */
const upnRefused = (error: unknown): error is ApiError =>
  error instanceof ApiError && (error.code === 'users.upn_taken' || error.code === 'users.invalid_domain');

function AddUserContent({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const styles = { ...usePanelStyles(), ...useStyles() };
  const domain = useOrgDomain();
  const refreshUsers = useRefreshUsers();
  const { canManageRoles } = useAdminPermissions();
  const [draft, setDraft] = useState<UserDraft>(emptyDraft);
  const [autoGenerate, setAutoGenerate] = useState(true);
  const [forceChange, setForceChange] = useState(true);
  const fields = useNewPassword({ required: t('reset.passwordRequired') });
  const [local, setLocal] = useState<{ displayName?: string; username?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof local = {};
    if (!draft.displayName.trim()) found.displayName = t('addUser.displayNameRequired');
    if (!draft.username.trim()) found.username = t('addUser.usernameRequired');
    setLocal(found);
    if (autoGenerate) fields.setErrors({});
    const passwordOk = autoGenerate || fields.validate(false);
    if (Object.keys(found).length || !passwordOk) return;
    setError(null);
    setSubmitting(true);
    try {
      const body = {
        userPrincipalName: `${draft.username.trim()}@${domain}`,
        displayName: draft.displayName.trim(),
        givenName: nullable(draft.givenName),
        surname: nullable(draft.surname),
        mail: nullable(draft.mail),
        department: nullable(draft.department),
        jobTitle: nullable(draft.jobTitle),
        passwordProfile: autoGenerate
          ? { forceChangePasswordNextSignIn: forceChange }
          : { password: fields.password, forceChangePasswordNextSignIn: forceChange },
      };
      const result = await apiFetch<{ user: User; password: string | null }>('/users', { method: 'POST', body });
      const roleErrors: unknown[] = [];
      for (const role of draft.roles) {
        try {
          await apiFetch('/role-assignments', { method: 'POST', body: { userId: result.user.id, role } });
        } catch (err) {
          roleErrors.push(err);
        }
      }
      setCreated({ user: { ...result.user, roles: [...new Set([...result.user.roles, ...draft.roles])] }, password: result.password, roleErrors });
      void refreshUsers();
    } catch (err) {
      if (isPasswordRejection(err)) fields.reject(err);
      else setError(err);
    } finally {
      setSubmitting(false);
    }
  };

  if (created) {
    return (
      <PanelOutcome title={t('addUser.doneTitle')} onClose={onClose}>
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('addUser.done', { name: created.user.displayName })}</MessageBarTitle>
            {created.user.userPrincipalName}
          </MessageBarBody>
        </MessageBar>
        {created.roleErrors.map((err, i) => (
          <ErrorBar key={i} error={err} />
        ))}
        {created.password ? (
          <PasswordResults passwords={[{ userPrincipalName: created.user.userPrincipalName, password: created.password }]} fileName="new-user.csv" />
        ) : null}
      </PanelOutcome>
    );
  }

  const issues = issuesByPath(error);
  const upnError = local.username ?? fieldMessage(issues, 'userPrincipalName') ?? (upnRefused(error) ? error.title : undefined);

  return (
    <>
      <PanelHeader title={t('addUser.title')} onClose={onClose} />
      <DrawerBody className={styles.body}>
        <form id="add-user-form" className={styles.form} onSubmit={(e) => void onSubmit(e)} noValidate>
          <Text className={styles.section}>{t('addUser.basics')}</Text>
          <AddUserFields
            draft={draft}
            onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))}
            domain={domain}
            issues={issues}
            displayNameError={local.displayName}
            usernameError={upnError}
            withRoles={canManageRoles}
          />
          <Text className={styles.section}>{t('addUser.passwordSection')}</Text>
          <ChosenPasswordOptions
            autoGenerate={autoGenerate}
            onAutoGenerate={setAutoGenerate}
            forceChange={forceChange}
            onForceChange={setForceChange}
            fields={fields}
            feedbackId="add-user-password-feedback"
          />
          {error && !upnRefused(error) ? <SaveErrorBar error={error} shownPaths={(path) => draftPaths.includes(path)} /> : null}
        </form>
      </DrawerBody>
      <DrawerFooter className={styles.footer}>
        <Button appearance="primary" type="submit" form="add-user-form" disabled={submitting} icon={submitting ? <Spinner size="tiny" /> : undefined}>
          {t('addUser.submit')}
        </Button>
        <Button onClick={onClose}>{t('reset.cancel')}</Button>
      </DrawerFooter>
    </>
  );
}
