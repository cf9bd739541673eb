import {
  Button,
  Checkbox,
  Combobox,
  DrawerBody,
  DrawerFooter,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  OverlayDrawer,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useCallback, useRef, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { useRoleName } from '../../shared/RoleList';
import { PasswordFeedback } from '../../shared/password/PasswordFeedback';
import { PasswordInput } from '../../shared/password/PasswordInput';
import type { PasswordCheckResult, RoleId, User } from '../../shared/types';
import { SaveErrorBar, fieldMessage, issuesByPath } from '../settings/formErrors';
import { PasswordResults } from './PasswordResults';
import { useAdminPermissions, useOrgDomain, useRefreshUsers, useRoles } from './hooks';
import { nullable, suggestLocalPart } from './userFields';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, paddingBottom: tokens.spacingVerticalL },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', '> *': { flexGrow: 1, flexBasis: '180px' } },
  muted: { color: tokens.colorNeutralForeground2 },
  footer: { display: 'flex', gap: tokens.spacingHorizontalS },
  section: { fontWeight: tokens.fontWeightSemibold, marginTop: tokens.spacingVerticalS },
  issues: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** Users > Active users > Add a user: the basics, roles and the password, as the admin centre. */
export function AddUserPanel({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <OverlayDrawer position="end" size="medium" open={open} onOpenChange={(_, d) => (d.open ? undefined : onClose())} data-testid="add-user-panel">
      {open ? <AddUserContent onClose={onClose} /> : null}
    </OverlayDrawer>
  );
}

interface Created {
  user: User;
  password: string | null;
  /** Roles the server refused after the user was created. */
  roleErrors: unknown[];
}

function AddUserContent({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const domain = useOrgDomain();
  const roleName = useRoleName();
  const refreshUsers = useRefreshUsers();
  const { canManageRoles } = useAdminPermissions();
  const roles = useRoles(canManageRoles);
  const [givenName, setGivenName] = useState('');
  const [surname, setSurname] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [displayTouched, setDisplayTouched] = useState(false);
  const [username, setUsername] = useState('');
  const [usernameTouched, setUsernameTouched] = useState(false);
  const [mail, setMail] = useState('');
  const [department, setDepartment] = useState('');
  const [jobTitle, setJobTitle] = useState('');
  const [chosenRoles, setChosenRoles] = useState<RoleId[]>([]);
  const [autoGenerate, setAutoGenerate] = useState(true);
  const [password, setPassword] = useState('');
  const [forceChange, setForceChange] = useState(true);
  const [, setCheck] = useState<PasswordCheckResult | null>(null);
  const [local, setLocal] = useState<{ displayName?: string; username?: string; password?: ReactElement | string }>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const onCheck = useCallback((r: PasswordCheckResult | null) => setCheck(r), []);

  const names = (given: string, sur: string) => {
    if (!displayTouched) setDisplayName([given.trim(), sur.trim()].filter(Boolean).join(' '));
    if (!usernameTouched) setUsername(suggestLocalPart(given, sur));
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof local = {};
    if (!displayName.trim()) found.displayName = t('addUser.displayNameRequired');
    if (!username.trim()) found.username = t('addUser.usernameRequired');
    if (!autoGenerate && !password) found.password = t('reset.passwordRequired');
    setLocal(found);
    if (Object.keys(found).length) return;
    setError(null);
    setSubmitting(true);
    try {
      const body = {
        userPrincipalName: `${username.trim()}@${domain}`,
        displayName: displayName.trim(),
        givenName: nullable(givenName),
        surname: nullable(surname),
        mail: nullable(mail),
        department: nullable(department),
        jobTitle: nullable(jobTitle),
        passwordProfile: autoGenerate ? { forceChangePasswordNextSignIn: forceChange } : { password, forceChangePasswordNextSignIn: forceChange },
      };
      const result = await apiFetch<{ user: User; password: string | null }>('/users', { method: 'POST', body });
      const roleErrors: unknown[] = [];
      for (const role of chosenRoles) {
        try {
          await apiFetch('/role-assignments', { method: 'POST', body: { userId: result.user.id, role } });
        } catch (err) {
          roleErrors.push(err);
        }
      }
      setCreated({ user: { ...result.user, roles: [...new Set([...result.user.roles, ...chosenRoles])] }, password: result.password, roleErrors });
      void refreshUsers();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.code.startsWith('password.')) {
        const issues = err.issues;
        setLocal({
          password:
            issues.length > 1 ? (
              <ul className={styles.issues}>
                {issues.map((i) => (
                  <li key={`${i.path}:${i.code}`}>{i.message}</li>
                ))}
              </ul>
            ) : (
              (issues[0]?.message ?? err.title)
            ),
        });
        passwordRef.current?.focus();
      } else setError(err);
    } finally {
      setSubmitting(false);
    }
  };

  const header = (title: string) => (
    <DrawerHeader>
      <DrawerHeaderTitle action={<Button appearance="subtle" aria-label={t('reset.close')} icon={<DismissRegular />} onClick={onClose} />}>{title}</DrawerHeaderTitle>
    </DrawerHeader>
  );

  if (created) {
    return (
      <>
        {header(t('addUser.doneTitle'))}
        <DrawerBody className={styles.body}>
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('addUser.done', { name: created.user.displayName })}</MessageBarTitle>
              {created.user.userPrincipalName}
            </MessageBarBody>
          </MessageBar>
          {created.roleErrors.map((err, i) => (
            <ErrorBar key={i} error={err} />
          ))}
          {created.password ? <PasswordResults passwords={[{ userPrincipalName: created.user.userPrincipalName, password: created.password }]} fileName="new-user.csv" /> : null}
        </DrawerBody>
        <DrawerFooter className={styles.footer}>
          <Button appearance="primary" onClick={onClose}>
            {t('reset.closeButton')}
          </Button>
        </DrawerFooter>
      </>
    );
  }

  const issues = issuesByPath(error);
  const shown = (path: string) => ['displayName', 'givenName', 'surname', 'userPrincipalName', 'mail', 'department', 'jobTitle'].includes(path);
  const upnError = local.username ?? fieldMessage(issues, 'userPrincipalName') ?? (error instanceof ApiError && (error.code === 'users.upn_taken' || error.code === 'users.invalid_domain') ? error.title : undefined);
  const formError = error && !(error instanceof ApiError && (error.code === 'users.upn_taken' || error.code === 'users.invalid_domain'));

  return (
    <>
      {header(t('addUser.title'))}
      <DrawerBody className={styles.body}>
        <form id="add-user-form" className={styles.form} onSubmit={(e) => void onSubmit(e)} noValidate>
          <Text className={styles.section}>{t('addUser.basics')}</Text>
          <div className={styles.row}>
            <Field label={t('userPanel.givenName')} validationMessage={fieldMessage(issues, 'givenName')}>
              <Input
                value={givenName}
                onChange={(_, d) => {
                  setGivenName(d.value);
                  names(d.value, surname);
                }}
                autoFocus
              />
            </Field>
            <Field label={t('userPanel.surname')} validationMessage={fieldMessage(issues, 'surname')}>
              <Input
                value={surname}
                onChange={(_, d) => {
                  setSurname(d.value);
                  names(givenName, d.value);
                }}
              />
            </Field>
          </div>
          <Field label={t('userPanel.displayName')} required validationMessage={local.displayName ?? fieldMessage(issues, 'displayName')}>
            <Input
              value={displayName}
              onChange={(_, d) => {
                setDisplayName(d.value);
                setDisplayTouched(true);
              }}
            />
          </Field>
          <Field label={t('users.userPrincipalName')} required validationMessage={upnError}>
            <Input
              value={username}
              onChange={(_, d) => {
                setUsername(d.value);
                setUsernameTouched(true);
              }}
              contentAfter={<Text className={styles.muted}>@{domain}</Text>}
              autoCapitalize="none"
              spellCheck={false}
            />
          </Field>
          <Field label={t('userPanel.mail')} validationMessage={fieldMessage(issues, 'mail')}>
            <Input type="email" value={mail} onChange={(_, d) => setMail(d.value)} />
          </Field>
          <div className={styles.row}>
            <Field label={t('userPanel.department')} validationMessage={fieldMessage(issues, 'department')}>
              <Input value={department} onChange={(_, d) => setDepartment(d.value)} />
            </Field>
            <Field label={t('userPanel.jobTitle')} validationMessage={fieldMessage(issues, 'jobTitle')}>
              <Input value={jobTitle} onChange={(_, d) => setJobTitle(d.value)} />
            </Field>
          </div>
          {canManageRoles ? (
            <Field label={t('addUser.roles')} hint={t('addUser.rolesHint')}>
              <Combobox
                multiselect
                placeholder={t('userPanel.chooseRole')}
                selectedOptions={chosenRoles}
                value={chosenRoles.map(roleName).join(', ')}
                onOptionSelect={(_, d) => setChosenRoles(d.selectedOptions as RoleId[])}
              >
                {(roles.data ?? []).map((r) => (
                  <Option key={r.id} value={r.id}>
                    {roleName(r.id)}
                  </Option>
                ))}
              </Combobox>
            </Field>
          ) : null}
          <Text className={styles.section}>{t('addUser.passwordSection')}</Text>
          <Checkbox checked={autoGenerate} onChange={(_, d) => setAutoGenerate(!!d.checked)} label={t('reset.autoGenerate')} />
          {!autoGenerate ? (
            <>
              <Field label={t('reset.password')} required validationMessage={local.password ?? undefined}>
                <PasswordInput
                  ref={passwordRef}
                  name="new-password"
                  autoComplete="new-password"
                  value={password}
                  aria-describedby="add-user-password-feedback"
                  onValueChange={(v) => {
                    setPassword(v);
                    setLocal((l) => ({ ...l, password: undefined }));
                  }}
                />
              </Field>
              <PasswordFeedback password={password} id="add-user-password-feedback" onResult={onCheck} />
            </>
          ) : null}
          <Checkbox checked={forceChange} onChange={(_, d) => setForceChange(!!d.checked)} label={t('reset.forceChange')} />
          {formError ? <SaveErrorBar error={error} shownPaths={shown} /> : null}
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
