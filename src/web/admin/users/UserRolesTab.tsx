import { Button, Combobox, Field, Option, Text } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { useRoleName } from '../../shared/RoleList';
import type { RoleId } from '../../../shared/roles.js';
import type { User } from '../../../shared/users.js';
import { useRefreshUsers, useRoles } from './hooks';
import { useUserPanelStyles } from './userPanelStyles';

/** The user panel's Roles: the roles the user has, and for those who may, assign and remove. */
export function RolesTab({ user, canManageRoles }: { user: User; canManageRoles: boolean }) {
  const { t } = useTranslation();
  const styles = useUserPanelStyles();
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
                <Button
                  size="small"
                  appearance="subtle"
                  icon={<DismissRegular />}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(role)}
                  aria-label={t('userPanel.removeRole', { role: roleName(role) })}
                >
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
