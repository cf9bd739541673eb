import {
  Button,
  Card,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Switch,
  Text,
  Textarea,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { errorMessage } from '../../shared/format';
import { Page } from '../../shared/Page';
import { hasPermission, useMe } from '../../shared/session';
import { PERMISSIONS } from '../../shared/types';
import type { PasswordProtectionSettings } from '../../shared/types';
import { SmartLockoutForm } from './SmartLockoutForm';
import { SettingsBreadcrumb } from './SettingsBreadcrumb';

export const passwordProtectionKey = ['settings', 'password-protection'] as const;
/** Entra's limit for the custom banned password list. */
export const MAX_TERMS = 1000;

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '760px' },
  card: { padding: tokens.spacingHorizontalXL, gap: tokens.spacingVerticalL },
  cardHeader: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2 },
  textarea: { fontFamily: tokens.fontFamilyMonospace, minHeight: '240px' },
  hintRow: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalL },
  count: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
  over: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  termErrors: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
  term: { fontFamily: tokens.fontFamilyMonospace },
  // Save and Cancel, with the answer to the last save, stay in view at the bottom as in the admin centre's panels.
  footer: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    position: 'sticky',
    bottom: 0,
    paddingBlock: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground2,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    zIndex: 1,
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
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

/**
 * Admin centre > Settings > Password protection, as in Entra: smart lockout (`settings:lockout`)
 * and the custom banned password list (`settings:password-policy`), each shown only to those who
 * may change it and each with its own Save.
 */
export function PasswordProtectionPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return (
    <Page title={t('protection.title')} breadcrumb={<SettingsBreadcrumb items={[{ label: t('nav.settings') }, { label: t('protection.title') }]} />}>
      {hasPermission(me, PERMISSIONS.lockout) ? <SmartLockoutForm /> : null}
      {hasPermission(me, PERMISSIONS.passwordPolicy) ? <BannedPasswordsForm /> : null}
    </Page>
  );
}

/**
 * The custom banned password list (up to 1,000 terms of 4-16 characters) and whether it is
 * enforced. The server checks every term; each bad one is listed with its line.
 */
function BannedPasswordsForm() {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const queryClient = useQueryClient();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const protection = useQuery({
    queryKey: passwordProtectionKey,
    queryFn: ({ signal }) => apiFetch<PasswordProtectionSettings>('/settings/password-protection', { signal }),
  });
  const [enforce, setEnforce] = useState<boolean | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState<Term[]>([]);
  const [saved, setSaved] = useState(false);

  const reset = (data: PasswordProtectionSettings) => {
    setEnforce(data.enforceCustomList);
    setText(data.customBannedPasswords.join('\n'));
  };
  useEffect(() => {
    if (protection.data && text === null) reset(protection.data);
    // Only the first answer fills the form; later ones come from Save (handled there).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [protection.data]);

  const terms = useMemo(() => parseTerms(text ?? ''), [text]);

  const save = useMutation({
    mutationFn: (body: PasswordProtectionSettings) => apiFetch<PasswordProtectionSettings>('/settings/password-protection', { method: 'PUT', body }),
    onSuccess: (result) => {
      queryClient.setQueryData(passwordProtectionKey, result);
      reset(result);
      setSaved(true);
    },
  });

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

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (enforce === null) return;
    setSubmitted(terms);
    save.mutate({ enforceCustomList: enforce, customBannedPasswords: terms.map((term) => term.value) });
  };

  const cancel = () => {
    if (protection.data) reset(protection.data);
    setSaved(false);
    save.reset();
  };

  const number = (n: number) => new Intl.NumberFormat(i18n.language === 'nl' ? 'nl-NL' : 'en-GB').format(n);
  const dirty =
    !!protection.data &&
    (enforce !== protection.data.enforceCustomList || terms.map((x) => x.value).join('\n') !== protection.data.customBannedPasswords.join('\n'));
  const over = terms.length > MAX_TERMS;
  const listInvalid = termErrors.length > 0;
  const lineErrors = new Set(termErrors.filter((e) => e.line !== null).map((e) => e.line)).size;

  return (
    <>
      {protection.isError ? <ErrorBar error={protection.error} onRetry={() => void protection.refetch()} /> : null}
      {protection.isPending || text === null || enforce === null ? (
        protection.isError ? null : <Spinner label={t('app.loading')} />
      ) : (
        <form className={styles.form} onSubmit={onSubmit} noValidate aria-label={t('protection.title')}>
          <Card className={styles.card} aria-labelledby="banned-heading">
            <div className={styles.cardHeader}>
              <Subtitle2 as="h2" id="banned-heading">
                {t('protection.heading')}
              </Subtitle2>
              <Text as="p" className={styles.muted}>
                {t('protection.description')}
              </Text>
            </div>
            <Field hint={t('protection.enforceHint')}>
              <Switch
                checked={enforce}
                label={t('protection.enforce')}
                onChange={(_, d) => {
                  setSaved(false);
                  setEnforce(d.checked);
                }}
              />
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
                lineErrors ? t('protection.termErrors', { count: lineErrors }) : listInvalid ? t('protection.fixBelow') : over ? t('protection.tooMany', { max: number(MAX_TERMS) }) : undefined
              }
            >
              <Textarea
                ref={textareaRef}
                textarea={{ className: styles.textarea }}
                resize="vertical"
                rows={12}
                spellCheck={false}
                autoCapitalize="none"
                value={text}
                onChange={(_, d) => {
                  setSaved(false);
                  setText(d.value);
                }}
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
          </Card>

          <div className={styles.footer}>
            {save.error && !(save.error instanceof ApiError && save.error.status === 400) ? <ErrorBar error={save.error} /> : null}
            {saved ? (
              <MessageBar intent="success" role="status">
                <MessageBarBody>{t('settings.saved')}</MessageBarBody>
              </MessageBar>
            ) : null}
            <div className={styles.actions}>
              <Button type="submit" appearance="primary" disabled={save.isPending} icon={save.isPending ? <Spinner size="tiny" /> : undefined}>
                {save.isPending ? t('settings.saving') : t('settings.save')}
              </Button>
              <Button onClick={cancel} disabled={save.isPending || (!dirty && !save.error)}>
                {t('settings.cancel')}
              </Button>
            </div>
          </div>
        </form>
      )}
    </>
  );
}
