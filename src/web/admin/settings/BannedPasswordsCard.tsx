import {
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Switch,
  Textarea,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { errorMessage } from '../../shared/format';
import type { PasswordProtectionSettings } from '../../../shared/settings.js';
import { useNumberFormat } from '../useNumberFormat';
import { SettingsCard } from './settingsParts';
import { useSettingsForm } from './useSettingsForm';
import type { SettingsForm } from './useSettingsForm';

export const passwordProtectionKey = ['settings', 'password-protection'] as const;
/** Entra's limit for the custom banned password list. */
export const MAX_TERMS = 1000;

const useStyles = makeStyles({
  textarea: { fontFamily: tokens.fontFamilyMonospace, minHeight: '240px' },
  hintRow: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalL },
  count: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
  over: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  termErrors: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
  term: { fontFamily: tokens.fontFamilyMonospace },
});

interface Term {
  value: string;
  /** 1-based line in the textarea. */
  line: number;
}

/** One term per line; blank lines are ignored and spaces around a term are dropped. */
export function parseTerms(text: string): Term[] {
  return text
    .split(/\r?\n/)
    .map((raw, index) => ({ value: raw.trim(), line: index + 1 }))
    .filter((term) => term.value !== '');
}

interface TermError {
  line: number | null;
  term: string | null;
  message: string;
}

type Draft = { enforce: boolean; text: string };

/** The card shows every issue of a 400 itself (each term on its line, the rest in its list). */
export const bannedShown = () => true;

/**
 * The custom banned password document (`settings:password-policy`); `enabled` false reads nothing.
 * `submitted` are the terms as last sent, to put `customBannedPasswords.<index>` issues on their lines.
 */
export function useBannedPasswordsForm(enabled: boolean) {
  const [submitted, setSubmitted] = useState<Term[]>([]);
  const form = useSettingsForm<PasswordProtectionSettings, Draft>({
    queryKey: passwordProtectionKey,
    path: '/settings/password-protection',
    toDraft: (data) => ({ enforce: data.enforceCustomList, text: data.customBannedPasswords.join('\n') }),
    toSettings: (draft) => ({ enforceCustomList: draft.enforce, customBannedPasswords: parseTerms(draft.text).map((term) => term.value) }),
    beforeSave: (draft) => setSubmitted(parseTerms(draft.text)),
    enabled,
  });
  return { ...form, submitted };
}

/**
 * The custom banned password list (up to 1,000 terms of 4-16 characters) and whether it is
 * enforced. The server checks every term; each bad one is listed with its line. Saved by the
 * page's one Save.
 */
export function BannedPasswordsCard({ form }: { form: SettingsForm<PasswordProtectionSettings, Draft> & { submitted: Term[] } }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const number = useNumberFormat();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const { query: protection, draft, update, save, submitted } = form;
  const terms = useMemo(() => parseTerms(draft?.text ?? ''), [draft?.text]);

  // Issues are per term (`customBannedPasswords.<index>`), mapped back to the line the term was on.
  const termErrors: TermError[] = [];
  const otherErrors: string[] = [];
  if (save.error instanceof ApiError && save.error.status === 400) {
    for (const issue of save.error.issues) {
      const match = /^customBannedPasswords\.(\d+)$/.exec(issue.path);
      const term = match ? submitted[Number(match[1])] : undefined;
      if (term) termErrors.push({ line: term.line, term: term.value, message: issue.message });
      else if (issue.path === 'customBannedPasswords') termErrors.push({ line: null, term: null, message: issue.message });
      else otherErrors.push(issue.message);
    }
  }

  const selectLine = (line: number) => {
    const el = textareaRef.current;
    if (!el) return;
    const lines = el.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  };

  const over = terms.length > MAX_TERMS;
  const listInvalid = termErrors.length > 0;
  const lineErrors = new Set(termErrors.filter((e) => e.line !== null).map((e) => e.line)).size;

  if (protection.isError) return <ErrorBar error={protection.error} onRetry={() => void protection.refetch()} />;
  if (protection.isPending || !draft) return <Spinner label={t('app.loading')} />;

  return (
    <SettingsCard headingId="banned-heading" title={t('protection.heading')} description={t('protection.description')}>
      <Field hint={t('protection.enforceHint')}>
        <Switch checked={draft.enforce} label={t('protection.enforce')} onChange={(_, d) => update((x) => ({ ...x, enforce: d.checked }))} />
      </Field>
      <Field
        label={t('protection.list')}
        hint={
          <span className={styles.hintRow}>
            <span>{t('protection.listHint')}</span>
            <span id="banned-count" className={mergeClasses(styles.count, over && styles.over)} aria-live="polite">
              {t('protection.count', { countText: number(terms.length), max: number(MAX_TERMS) })}
            </span>
          </span>
        }
        validationState={listInvalid || over ? 'error' : 'none'}
        validationMessage={
          lineErrors
            ? t('protection.termErrors', { count: lineErrors })
            : listInvalid
              ? t('protection.fixBelow')
              : over
                ? t('protection.tooMany', { max: number(MAX_TERMS) })
                : undefined
        }
      >
        <Textarea
          ref={textareaRef}
          textarea={{ className: styles.textarea }}
          resize="vertical"
          rows={12}
          spellCheck={false}
          autoCapitalize="none"
          value={draft.text}
          onChange={(_, d) => update((x) => ({ ...x, text: d.value }))}
        />
      </Field>
      {save.error instanceof ApiError && save.error.status === 400 ? (
        <MessageBar intent="error" layout="multiline" role="alert" data-testid="banned-errors">
          <MessageBarBody>
            <MessageBarTitle>{errorMessage(save.error, t)}</MessageBarTitle>
            <ul className={styles.termErrors}>
              {termErrors.map((e, index) => (
                <li key={index}>
                  {e.line !== null && e.term !== null ? (
                    <>
                      <Link as="button" type="button" inline onClick={() => selectLine(e.line!)}>
                        {t('protection.line', { line: e.line })}
                      </Link>
                      {': '}
                      <span className={styles.term}>‘{e.term}’</span>
                      {' — '}
                      {e.message}
                    </>
                  ) : (
                    e.message
                  )}
                </li>
              ))}
              {otherErrors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </SettingsCard>
  );
}
