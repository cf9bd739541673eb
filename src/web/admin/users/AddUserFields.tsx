import { Combobox, Field, Input, Option, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { RoleId } from '../../../shared/roles.js';
import { useRoleName } from '../../shared/RoleList';
import { fieldMessage } from '../settings/formErrors';
import type { issuesByPath } from '../settings/formErrors';
import { useRoles } from './hooks';
import { suggestLocalPart } from './userFields';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', '> *': { flexGrow: 1, flexBasis: '180px' } },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** What the admin types for a new user; the display name and username follow the names until edited. */
export interface UserDraft {
  givenName: string;
  surname: string;
  displayName: string;
  displayTouched: boolean;
  username: string;
  usernameTouched: boolean;
  mail: string;
  department: string;
  jobTitle: string;
  roles: RoleId[];
}

export const emptyDraft: UserDraft = {
  givenName: '',
  surname: '',
  displayName: '',
  displayTouched: false,
  username: '',
  usernameTouched: false,
  mail: '',
  department: '',
  jobTitle: '',
  roles: [],
};

/** The paths of the server's issues that these fields show next to themselves. */
export const draftPaths = ['displayName', 'givenName', 'surname', 'userPrincipalName', 'mail', 'department', 'jobTitle'];

interface Props {
  draft: UserDraft;
  onChange: (patch: Partial<UserDraft>) => void;
  domain: string;
  issues: ReturnType<typeof issuesByPath>;
  displayNameError?: string;
  usernameError?: string;
  /** Roles can be chosen (the admin may manage roles). */
  withRoles: boolean;
}

/** Add a user: names, username, mail, department, job title and (for role admins) roles. */
export function AddUserFields({ draft, onChange, domain, issues, displayNameError, usernameError, withRoles }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const roleName = useRoleName();
  const roles = useRoles(withRoles);
  const names = (givenName: string, surname: string): Partial<UserDraft> => ({
    givenName,
    surname,
    ...(draft.displayTouched ? {} : { displayName: [givenName.trim(), surname.trim()].filter(Boolean).join(' ') }),
    ...(draft.usernameTouched ? {} : { username: suggestLocalPart(givenName, surname) }),
  });
  return (
    <>
      <div className={styles.row}>
        <Field label={t('userPanel.givenName')} validationMessage={fieldMessage(issues, 'givenName')}>
          <Input value={draft.givenName} onChange={(_, d) => onChange(names(d.value, draft.surname))} autoFocus />
        </Field>
        <Field label={t('userPanel.surname')} validationMessage={fieldMessage(issues, 'surname')}>
          <Input value={draft.surname} onChange={(_, d) => onChange(names(draft.givenName, d.value))} />
        </Field>
      </div>
      <Field label={t('userPanel.displayName')} required validationMessage={displayNameError ?? fieldMessage(issues, 'displayName')}>
        <Input value={draft.displayName} onChange={(_, d) => onChange({ displayName: d.value, displayTouched: true })} />
      </Field>
      <Field label={t('users.userPrincipalName')} required validationMessage={usernameError}>
        <Input
          value={draft.username}
          onChange={(_, d) => onChange({ username: d.value, usernameTouched: true })}
          contentAfter={<Text className={styles.muted}>@{domain}</Text>}
          autoCapitalize="none"
          spellCheck={false}
        />
      </Field>
      <Field label={t('userPanel.mail')} validationMessage={fieldMessage(issues, 'mail')}>
        <Input type="email" value={draft.mail} onChange={(_, d) => onChange({ mail: d.value })} />
      </Field>
      <div className={styles.row}>
        <Field label={t('userPanel.department')} validationMessage={fieldMessage(issues, 'department')}>
          <Input value={draft.department} onChange={(_, d) => onChange({ department: d.value })} />
        </Field>
        <Field label={t('userPanel.jobTitle')} validationMessage={fieldMessage(issues, 'jobTitle')}>
          <Input value={draft.jobTitle} onChange={(_, d) => onChange({ jobTitle: d.value })} />
        </Field>
      </div>
      {withRoles ? (
        <Field label={t('addUser.roles')} hint={t('addUser.rolesHint')}>
          <Combobox
            multiselect
            placeholder={t('userPanel.chooseRole')}
            selectedOptions={draft.roles}
            value={draft.roles.map(roleName).join(', ')}
            onOptionSelect={(_, d) => onChange({ roles: d.selectedOptions as RoleId[] })}
          >
            {(roles.data ?? []).map((r) => (
              <Option key={r.id} value={r.id}>
                {roleName(r.id)}
              </Option>
            ))}
          </Combobox>
        </Field>
      ) : null}
    </>
  );
}
