import { Checkbox, Field, Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { NumberSettings, SettingsCard, useSettingsStyles } from '../settingsParts';
import { CustomQuestions, GroupField } from './CustomQuestions';
import { METHODS } from './ssprDraft';
import type { Draft } from './ssprDraft';

export const useSsprStyles = makeStyles({
  checks: { display: 'flex', flexDirection: 'column' },
  sub: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    paddingInlineStart: tokens.spacingHorizontalL,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
  },
  subHeading: { fontWeight: tokens.fontWeightSemibold },
  helpdesk: { maxWidth: '420px' },
});

interface Props {
  draft: Draft;
  update: (change: (d: Draft) => Draft) => void;
  msg: (path: string) => string | undefined;
  /** The messages of every issue at `prefix` or below it (methods and methods.<kind>). */
  under: (prefix: string) => string | undefined;
  /** The server's messages for the custom questions, by the row they are on. */
  questionIssues: Map<number, string>;
}

/** Authentication methods: how many a reset needs, which are offered, and the security questions. */
export function MethodsCard({ draft, update, msg, under, questionIssues }: Props) {
  const { t } = useTranslation();
  const styles = useSsprStyles();
  const shared = useSettingsStyles();
  return (
    <SettingsCard headingId="sspr-methods-heading" title={t('ssprSettings.methodsHeading')} description={t('ssprSettings.methodsDescription')}>
      <Field label={t('ssprSettings.methodsRequired')} validationMessage={msg('methodsRequired')}>
        <RadioGroup
          layout="horizontal"
          value={String(draft.methodsRequired)}
          onChange={(_, d) => update((x) => ({ ...x, methodsRequired: d.value === '2' ? 2 : 1 }))}
        >
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
      {draft.methods.securityQuestions ? (
        <div className={styles.sub} role="group" aria-labelledby="sspr-questions-heading">
          <Text id="sspr-questions-heading" className={styles.subHeading}>
            {t('ssprSettings.questionsHeading')}
          </Text>
          <div className={shared.numbers}>
            <NumberSettings
              settings={[
                { field: 'questionsToRegister', label: t('ssprSettings.questionsToRegister'), hint: t('ssprSettings.questionsRange'), min: 3, max: 5 },
                { field: 'questionsToReset', label: t('ssprSettings.questionsToReset'), hint: t('ssprSettings.questionsRange'), min: 3, max: 5 },
              ]}
              values={draft}
              msg={msg}
              onChange={(change) => update((x) => ({ ...x, ...change }))}
            />
          </div>
          <CustomQuestions
            questions={draft.customQuestions}
            rowErrors={questionIssues}
            listError={msg('customQuestions')}
            onChange={(customQuestions) => update((x) => ({ ...x, customQuestions }))}
          />
        </div>
      ) : null}
    </SettingsCard>
  );
}
