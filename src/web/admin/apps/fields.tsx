import { Dropdown, Field, Option, Textarea } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { roleIds, type RoleId } from '../../../shared/roles.js';
import { useRoleName } from '../../shared/RoleList';

/** The redirect URIs typed one per line, without blanks and repeats. */
export function parseUris(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((line) => line.trim()))].filter(Boolean);
}

/**
 * The obvious mistakes in redirect URIs, said before sending (the server checks them again):
 * https, or http only for localhost and 127.0.0.1, and no fragment. @returns the first bad URI
 */
export function badUri(uris: readonly string[]): string | null {
  for (const uri of uris) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return uri;
    }
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    if (url.hash || uri.includes('#') || !(url.protocol === 'https:' || (url.protocol === 'http:' && local))) return uri;
  }
  return null;
}

/** Redirect URIs, one per line. */
export function RedirectUrisField({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <Field label={t('apps.redirectUris')} hint={t('apps.redirectUrisHint')} validationMessage={error}>
      <Textarea value={value} onChange={(_, d) => onChange(d.value)} resize="vertical" rows={3} spellCheck={false} />
    </Field>
  );
}

/** The app's directory role: none, or one of Entra's roles (the role matrix then applies to the app as to a user). */
export function RoleDropdown({
  value,
  onChange,
  label,
  hint,
  disabled,
}: {
  value: RoleId | null;
  onChange: (value: RoleId | null) => void;
  label: string;
  hint?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const roleName = useRoleName();
  const none = t('apps.noRole');
  return (
    <Field label={label} hint={hint}>
      <Dropdown
        value={value ? roleName(value) : none}
        selectedOptions={[value ?? '']}
        disabled={disabled}
        onOptionSelect={(_, d) => onChange((d.optionValue || null) as RoleId | null)}
      >
        <Option value="">{none}</Option>
        {roleIds.map((role) => (
          <Option key={role} value={role}>
            {roleName(role)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
