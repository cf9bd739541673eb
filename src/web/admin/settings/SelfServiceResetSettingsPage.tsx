import {
  Button,
  Card,
  Checkbox,
  Field,
  Input,
  Label,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  SpinButton,
  Subtitle2,
  Switch,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular, ErrorCircle12Filled } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../shared/api';
import type { ProblemIssue } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { Page } from '../../shared/Page';
import type { MethodKind, SsprSettings } from '../../shared/types';
import { SaveErrorBar, fieldMessage, issuesByPath, spinValue } from './formErrors';
import { SelfServiceResetGroupPicker } from './SelfServiceResetGroupPicker';
import { SettingsBreadcrumb } from './SettingsBreadcrumb';

export const ssprSettingsKey = ['settings', 'self-service-password-reset'] as const;
/** Entra's limits for the organisation's own security questions. */
export const MAX_CUSTOM_QUESTIONS = 20;
const QUESTION_MAX = 200;
/** The order of the methods, as Entra lists them. */
const METHODS: readonly MethodKind[] = ['email', 'mobilePhone', 'officePhone', 'authenticatorApp', 'securityQuestions'];

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '760px' },
  card: { padding: tokens.spacingHorizontalXL, gap: tokens.spacingVerticalL },
  cardHeader: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2 },
  radioLabel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  radioHint: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  checks: { display: 'flex', flexDirection: 'column' },
  numbers: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: tokens.spacingHorizontalXL, alignItems: 'start' },
  spin: { width: '120px' },
  sub: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    paddingInlineStart: tokens.spacingHorizontalL,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
  },
  subHeading: { fontWeight: tokens.fontWeightSemibold },
  questions: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0, listStyle: 'none' },
  questionRow: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS },
  questionField: { flexGrow: 1, minWidth: 0 },
  questionsFooter: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  count: { color: tokens.colorNeutralForeground2, fontVariantNumeric: 'tabular-nums' },
  helpdesk: { maxWidth: '420px' },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  groupHint: { color: tokens.colorNeutralForeground3 },
  groupError: { color: tokens.colorPaletteRedForeground1, display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  groupErrorIcon: { flexShrink: 0 },
  // Save and Cancel, with the answer to the last save, stay in view at the bottom as on the other settings pages.
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

/** The form's copy of the settings: numbers may be empty while typed, questions keep blank rows, the helpdesk has its switch. */
type Draft = Omit<SsprSettings, 'questionsToRegister' | 'questionsToReset' | 'reconfirmDays' | 'customHelpdesk'> & {
  questionsToRegister: number | null;
  questionsToReset: number | null;
  reconfirmDays: number | null;
  customiseHelpdesk: boolean;
  helpdesk: string;
};

function toDraft(s: SsprSettings): Draft {
  const { customHelpdesk, ...rest } = s;
  return { ...structuredClone(rest), customiseHelpdesk: customHelpdesk !== null, helpdesk: customHelpdesk ?? '' };
}

/** The questions that are sent, each with the row it came from (blank rows are left out). */
function questionRows(draft: Draft): { text: string; row: number }[] {
  return draft.customQuestions.map((q, row) => ({ text: q.trim(), row })).filter((q) => q.text !== '');
}

function toSettings(draft: Draft): SsprSettings {
  const { customiseHelpdesk, helpdesk, ...rest } = draft;
  return {
    ...rest,
    questionsToRegister: rest.questionsToRegister!,
    questionsToReset: rest.questionsToReset!,
    reconfirmDays: rest.reconfirmDays!,
    customQuestions: questionRows(draft).map((q) => q.text),
    customHelpdesk: customiseHelpdesk ? helpdesk.trim() : null,
  };
}

/** JSON with sorted keys, to compare the form with the saved settings whatever the key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/**
 * Admin centre > Settings > Self-service password reset (`settings:sspr`), as Entra's Password
 * reset blade: who may use it, the methods and how many are needed, security questions,
 * registration, notifications and the helpdesk link. One Save sends the whole object; a 400's
 * issues are shown next to their fields.
 */
export function SelfServiceResetSettingsPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: ssprSettingsKey,
    queryFn: ({ signal }) => apiFetch<SsprSettings>('/settings/self-service-password-reset', { signal }),
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  // Which row each sent question came from, to put `customQuestions.<i>` issues on the right row.
  const sentRows = useRef<number[]>([]);

  useEffect(() => {
    if (settings.data) setDraft((d) => d ?? toDraft(settings.data));
  }, [settings.data]);

  const save = useMutation({
    mutationFn: (body: SsprSettings) => apiFetch<SsprSettings>('/settings/self-service-password-reset', { method: 'PUT', body }),
    onSuccess: (result) => {
      queryClient.setQueryData(ssprSettingsKey, result);
      setDraft(toDraft(result));
      setSaved(true);
    },
  });

  const issues = issuesByPath(save.error);
  const msg = (path: string) => missing[path] ?? fieldMessage(issues, path);
  /** The messages of every issue whose path starts with `prefix` (methods and methods.<kind>). */
  const under = (prefix: string) => {
    const list: ProblemIssue[] = [];
    for (const [path, items] of issues) if (path === prefix || path.startsWith(`${prefix}.`)) list.push(...items);
    return list.length ? list.map((i) => i.message).join(' ') : undefined;
  };
  const questionIssues = new Map<number, string>();
  for (const [path, items] of issues) {
    const match = /^customQuestions\.(\d+)$/.exec(path);
    const row = match ? sentRows.current[Number(match[1])] : undefined;
    if (row !== undefined) questionIssues.set(row, items.map((i) => i.message).join(' '));
  }

  const update = (change: (d: Draft) => Draft) => {
    setSaved(false);
    setMissing({});
    setDraft((d) => (d ? change(d) : d));
  };

  const questionsOn = !!draft?.methods.securityQuestions;
  const shown = (path: string): boolean => {
    if (['enabledFor', 'methodsRequired', 'requireRegistration', 'notifyUsers', 'notifyAdmins', 'customHelpdesk'].includes(path)) return true;
    if (path === 'methods' || path.startsWith('methods.')) return true;
    if (path === 'groupId') return draft?.enabledFor === 'group';
    if (path === 'reconfirmDays') return !!draft?.requireRegistration;
    if (path === 'questionsToRegister' || path === 'questionsToReset' || path === 'customQuestions') return questionsOn;
    const match = /^customQuestions\.(\d+)$/.exec(path);
    return !!match && questionsOn && sentRows.current[Number(match[1])] !== undefined;
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const next: Record<string, string> = {};
    if (draft.questionsToRegister === null) next.questionsToRegister = t('settings.wholeNumber');
    if (draft.questionsToReset === null) next.questionsToReset = t('settings.wholeNumber');
    if (draft.reconfirmDays === null) next.reconfirmDays = t('settings.wholeNumber');
    if (draft.enabledFor === 'group' && !draft.groupId) next.groupId = t('ssprSettings.groupRequired');
    if (draft.customiseHelpdesk && !draft.helpdesk.trim()) next.customHelpdesk = t('ssprSettings.helpdeskRequired');
    setMissing(next);
    if (Object.keys(next).length) return;
    sentRows.current = questionRows(draft).map((q) => q.row);
    save.mutate(toSettings(draft));
  };

  const cancel = () => {
    if (settings.data) setDraft(toDraft(settings.data));
    setMissing({});
    setSaved(false);
    save.reset();
  };

  const dirty = !!draft && !!settings.data && canonical(toSettings(draft)) !== canonical(settings.data);
  const title = t('ssprSettings.title');

  return (
    <Page title={title} subtitle={t('ssprSettings.subtitle')} breadcrumb={<SettingsBreadcrumb items={[{ label: t('nav.settings') }, { label: t('nav.orgSettings') }, { label: title }]} />}>
      {settings.isError ? <ErrorBar error={settings.error} onRetry={() => void settings.refetch()} /> : null}
      {settings.isPending || !draft ? (
        settings.isError ? null : <Spinner label={t('app.loading')} />
      ) : (
        <form className={styles.form} onSubmit={onSubmit} noValidate aria-label={title}>
          <Card className={styles.card} aria-labelledby="sspr-properties-heading">
            <div className={styles.cardHeader}>
              <Subtitle2 as="h2" id="sspr-properties-heading">
                {t('ssprSettings.propertiesHeading')}
              </Subtitle2>
              <Text as="p" className={styles.muted}>
                {t('ssprSettings.propertiesDescription')}
              </Text>
            </div>
            <Field label={t('ssprSettings.enabledFor')} validationMessage={msg('enabledFor')}>
              <RadioGroup value={draft.enabledFor} onChange={(_, d) => update((x) => ({ ...x, enabledFor: d.value as Draft['enabledFor'] }))}>
                {(['none', 'group', 'all'] as const).map((value) => (
                  <Radio
                    key={value}
                    value={value}
                    aria-describedby={`sspr-enabled-${value}-hint`}
                    label={
                      <span className={styles.radioLabel}>
                        <span>{t(`ssprSettings.enabled.${value}`)}</span>
                        <span className={styles.radioHint} id={`sspr-enabled-${value}-hint`}>
                          {t(`ssprSettings.enabledHint.${value}`)}
                        </span>
                      </span>
                    }
                  />
                ))}
              </RadioGroup>
            </Field>
            {draft.enabledFor === 'group' ? (
              <div className={styles.sub}>
                <SelfServiceResetGroupPicker groupId={draft.groupId} onChange={(groupId) => update((x) => ({ ...x, groupId }))} validationMessage={msg('groupId')} />
              </div>
            ) : null}
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody>{t('ssprSettings.adminPolicy')}</MessageBarBody>
            </MessageBar>
          </Card>

          <Card className={styles.card} aria-labelledby="sspr-methods-heading">
            <div className={styles.cardHeader}>
              <Subtitle2 as="h2" id="sspr-methods-heading">
                {t('ssprSettings.methodsHeading')}
              </Subtitle2>
              <Text as="p" className={styles.muted}>
                {t('ssprSettings.methodsDescription')}
              </Text>
            </div>
            <Field label={t('ssprSettings.methodsRequired')} validationMessage={msg('methodsRequired')}>
              <RadioGroup layout="horizontal" value={String(draft.methodsRequired)} onChange={(_, d) => update((x) => ({ ...x, methodsRequired: d.value === '2' ? 2 : 1 }))}>
                <Radio value="1" label="1" />
                <Radio value="2" label="2" />
              </RadioGroup>
            </Field>
            <GroupField id="sspr-methods" label={t('ssprSettings.methodsAvailable')} hint={t('ssprSettings.methodsHint')} error={under('methods')}>
              <div className={styles.checks}>
                {METHODS.map((kind) => (
                  <Checkbox
                    key={kind}
                    checked={draft.methods[kind]}
                    label={t(`securityInfo.kinds.${kind}`)}
                    onChange={(_, d) => update((x) => ({ ...x, methods: { ...x.methods, [kind]: d.checked === true } }))}
                  />
                ))}
              </div>
            </GroupField>
            {questionsOn ? (
              <div className={styles.sub} role="group" aria-labelledby="sspr-questions-heading">
                <Text id="sspr-questions-heading" className={styles.subHeading}>
                  {t('ssprSettings.questionsHeading')}
                </Text>
                <div className={styles.numbers}>
                  <Field label={t('ssprSettings.questionsToRegister')} hint={t('ssprSettings.questionsRange')} validationMessage={msg('questionsToRegister')}>
                    <SpinButton
                      className={styles.spin}
                      min={3}
                      max={5}
                      value={draft.questionsToRegister}
                      displayValue={draft.questionsToRegister === null ? '' : undefined}
                      onChange={(_, d) => update((x) => ({ ...x, questionsToRegister: spinValue(d) }))}
                    />
                  </Field>
                  <Field label={t('ssprSettings.questionsToReset')} hint={t('ssprSettings.questionsRange')} validationMessage={msg('questionsToReset')}>
                    <SpinButton
                      className={styles.spin}
                      min={3}
                      max={5}
                      value={draft.questionsToReset}
                      displayValue={draft.questionsToReset === null ? '' : undefined}
                      onChange={(_, d) => update((x) => ({ ...x, questionsToReset: spinValue(d) }))}
                    />
                  </Field>
                </div>
                <CustomQuestions
                  questions={draft.customQuestions}
                  rowErrors={questionIssues}
                  listError={msg('customQuestions')}
                  onChange={(customQuestions) => update((x) => ({ ...x, customQuestions }))}
                />
              </div>
            ) : null}
          </Card>

          <Card className={styles.card} aria-labelledby="sspr-registration-heading">
            <div className={styles.cardHeader}>
              <Subtitle2 as="h2" id="sspr-registration-heading">
                {t('ssprSettings.registrationHeading')}
              </Subtitle2>
              <Text as="p" className={styles.muted}>
                {t('ssprSettings.registrationDescription')}
              </Text>
            </div>
            <Field validationMessage={msg('requireRegistration')} hint={t('ssprSettings.requireRegistrationHint')}>
              <Switch checked={draft.requireRegistration} label={t('ssprSettings.requireRegistration')} onChange={(_, d) => update((x) => ({ ...x, requireRegistration: d.checked }))} />
            </Field>
            <Field label={t('ssprSettings.reconfirmDays')} hint={t('ssprSettings.reconfirmHint')} validationMessage={msg('reconfirmDays')}>
              <SpinButton
                className={styles.spin}
                min={0}
                max={730}
                disabled={!draft.requireRegistration}
                value={draft.reconfirmDays}
                displayValue={draft.reconfirmDays === null ? '' : undefined}
                onChange={(_, d) => update((x) => ({ ...x, reconfirmDays: spinValue(d) }))}
              />
            </Field>
          </Card>

          <Card className={styles.card} aria-labelledby="sspr-notifications-heading">
            <div className={styles.cardHeader}>
              <Subtitle2 as="h2" id="sspr-notifications-heading">
                {t('ssprSettings.notificationsHeading')}
              </Subtitle2>
            </div>
            <Field validationMessage={msg('notifyUsers')} hint={t('ssprSettings.notifyUsersHint')}>
              <Switch checked={draft.notifyUsers} label={t('ssprSettings.notifyUsers')} onChange={(_, d) => update((x) => ({ ...x, notifyUsers: d.checked }))} />
            </Field>
            <Field validationMessage={msg('notifyAdmins')} hint={t('ssprSettings.notifyAdminsHint')}>
              <Switch checked={draft.notifyAdmins} label={t('ssprSettings.notifyAdmins')} onChange={(_, d) => update((x) => ({ ...x, notifyAdmins: d.checked }))} />
            </Field>
          </Card>

          <Card className={styles.card} aria-labelledby="sspr-customisation-heading">
            <div className={styles.cardHeader}>
              <Subtitle2 as="h2" id="sspr-customisation-heading">
                {t('ssprSettings.customisationHeading')}
              </Subtitle2>
              <Text as="p" className={styles.muted}>
                {t('ssprSettings.customisationDescription')}
              </Text>
            </div>
            <Switch checked={draft.customiseHelpdesk} label={t('ssprSettings.customiseHelpdesk')} onChange={(_, d) => update((x) => ({ ...x, customiseHelpdesk: d.checked }))} />
            {draft.customiseHelpdesk ? (
              <Field label={t('ssprSettings.helpdesk')} hint={t('ssprSettings.helpdeskHint')} required validationMessage={msg('customHelpdesk')}>
                <Input className={styles.helpdesk} value={draft.helpdesk} maxLength={320} spellCheck={false} autoCapitalize="none" onChange={(_, d) => update((x) => ({ ...x, helpdesk: d.value }))} />
              </Field>
            ) : null}
          </Card>

          <div className={styles.footer}>
            {save.error ? <SaveErrorBar error={save.error} shownPaths={shown} /> : null}
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
    </Page>
  );
}

/** The organisation's own questions: one box per question, up to 20, each 3-200 characters. */
function CustomQuestions({ questions, rowErrors, listError, onChange }: { questions: string[]; rowErrors: Map<number, string>; listError: string | undefined; onChange: (questions: string[]) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const lastRef = useRef<HTMLInputElement>(null);
  const [focusLast, setFocusLast] = useState(false);
  useEffect(() => {
    if (focusLast) {
      lastRef.current?.focus();
      setFocusLast(false);
    }
  }, [focusLast]);
  const full = questions.length >= MAX_CUSTOM_QUESTIONS;
  return (
    <GroupField id="sspr-custom-questions" label={t('ssprSettings.customQuestions')} hint={t('ssprSettings.customQuestionsHint')} error={listError}>
      <div className={styles.questions}>
        {questions.length ? (
          <ol className={styles.questions}>
            {questions.map((q, i) => (
              <li key={i} className={styles.questionRow}>
                <Field className={styles.questionField} validationMessage={rowErrors.get(i)}>
                  <Input
                    ref={i === questions.length - 1 ? lastRef : undefined}
                    aria-label={t('ssprSettings.customQuestionLabel', { number: i + 1 })}
                    value={q}
                    maxLength={QUESTION_MAX}
                    onChange={(_, d) => onChange(questions.map((x, j) => (j === i ? d.value : x)))}
                  />
                </Field>
                <Button
                  appearance="subtle"
                  icon={<DeleteRegular />}
                  aria-label={t('ssprSettings.removeQuestion', { number: i + 1 })}
                  title={t('ssprSettings.removeQuestion', { number: i + 1 })}
                  onClick={() => onChange(questions.filter((_, j) => j !== i))}
                />
              </li>
            ))}
          </ol>
        ) : (
          <Text className={styles.count}>{t('ssprSettings.noCustomQuestions')}</Text>
        )}
        <div className={styles.questionsFooter}>
          <Button
            icon={<AddRegular />}
            disabled={full}
            onClick={() => {
              onChange([...questions, '']);
              setFocusLast(true);
            }}
          >
            {t('ssprSettings.addQuestion')}
          </Button>
          <Text className={styles.count} aria-live="polite">
            {t('ssprSettings.questionCount', { count: questions.length, max: MAX_CUSTOM_QUESTIONS })}
          </Text>
        </div>
      </div>
    </GroupField>
  );
}

/**
 * A labelled group of several controls (checkboxes, a list of boxes) with a hint and an error, laid
 * out like a Fluent Field. A Field would give every control inside it the same id.
 */
function GroupField({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string | undefined; children: ReactNode }) {
  const styles = useStyles();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={styles.group} role="group" aria-labelledby={`${id}-label`} aria-describedby={describedBy}>
      <Label id={`${id}-label`}>{label}</Label>
      {children}
      {error ? (
        <Text id={`${id}-error`} size={200} className={styles.groupError} role="alert">
          <ErrorCircle12Filled className={styles.groupErrorIcon} aria-hidden />
          {error}
        </Text>
      ) : null}
      {hint ? (
        <Text id={`${id}-hint`} size={200} className={styles.groupHint}>
          {hint}
        </Text>
      ) : null}
    </div>
  );
}
