import { Checkbox, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailResultOptions } from '../../../shared/admin-reset.js';
import type { User } from '../../../shared/users.js';
import { useAdminPermissions } from './hooks';

/** Microsoft 365's limit on "Email the password to the following recipients" (the server enforces it too). */
export const MAX_RECIPIENTS = 5;
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

const useStyles = makeStyles({
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  nested: { paddingInlineStart: '36px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** The addresses typed, as Microsoft takes them: separated by semicolons (commas and spaces work too). */
export function splitRecipients(text: string): string[] {
  return text
    .split(/[;,\s]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

/**
 * The state of "Email the password to …" for the reset panel: off by default. `request()` is what
 * goes into the reset body (nothing when off); `validate()` checks in the browser what it can
 * (addresses, at most five, not an address of a user being reset) before the server decides.
 */
export function useEmailResult(targets: User[]) {
  const { t } = useTranslation();
  const { me } = useAdminPermissions();
  const myAddress = me ? (me.user.mail ?? me.user.userPrincipalName) : null;
  const [toMe, setToMe] = useState(false);
  const [toOthers, setToOthers] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const problem = (): string | null => {
    if (!toOthers) return null;
    const recipients = splitRecipients(text);
    if (!recipients.length) return t('emailResult.required');
    const invalid = recipients.find((a) => !ADDRESS.test(a));
    if (invalid) return t('emailResult.invalid', { address: invalid });
    if (new Set(recipients.map((a) => a.toLowerCase())).size > MAX_RECIPIENTS) return t('emailResult.tooMany', { count: MAX_RECIPIENTS });
    const own = new Set(targets.flatMap((u) => [u.userPrincipalName, u.mail, ...u.otherMails]).flatMap((a) => (a ? [a.toLowerCase()] : [])));
    const theirs = recipients.find((a) => own.has(a.toLowerCase()));
    return theirs ? t('emailResult.isUser', { address: theirs }) : null;
  };

  return {
    toMe,
    toOthers,
    text,
    error,
    myAddress,
    setToMe,
    setToOthers: (value: boolean) => {
      setToOthers(value);
      setError(null);
    },
    setText: (value: string) => {
      setText(value);
      if (error) setError(null);
    },
    /** Checks what the browser can; shows the first problem next to the field. @returns whether the request may go */
    validate(): boolean {
      const found = problem();
      setError(found);
      return found === null;
    },
    /** The `emailResult` of the reset body, or nothing when the option is off. */
    request(): { emailResult?: EmailResultOptions } {
      const recipients = toOthers ? splitRecipients(text) : [];
      return toMe || recipients.length ? { emailResult: { toMe, recipients } } : {};
    },
  };
}

export type EmailResultState = ReturnType<typeof useEmailResult>;

/**
 * "Email the password to me (address)" and "Email the password to the following recipients" with
 * up to five addresses separated by semicolons, as in the Microsoft 365 admin centre's reset panel.
 * Only addresses at the organisation's verified domains are accepted (the server decides; its
 * refusal shows in the panel with each address named).
 */
export function EmailResultFields({ state, bulk }: { state: EmailResultState; bulk: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <div className={styles.group} role="group" aria-label={t('emailResult.group')} data-testid="email-result">
      {state.myAddress ? (
        <Checkbox checked={state.toMe} onChange={(_, d) => state.setToMe(!!d.checked)} label={t('emailResult.toMe', { mail: state.myAddress })} />
      ) : null}
      <Checkbox checked={state.toOthers} onChange={(_, d) => state.setToOthers(!!d.checked)} label={t('emailResult.toOthers')} />
      {state.toOthers ? (
        <div className={styles.nested}>
          <Field label={t('emailResult.recipients')} hint={t('emailResult.hint', { count: MAX_RECIPIENTS })} validationMessage={state.error ?? undefined}>
            <Input type="text" inputMode="email" autoComplete="off" spellCheck={false} value={state.text} onChange={(_, d) => state.setText(d.value)} />
          </Field>
        </div>
      ) : null}
      {bulk && (state.toMe || state.toOthers) ? <Text className={styles.muted}>{t('emailResult.bulkNote')}</Text> : null}
    </div>
  );
}
