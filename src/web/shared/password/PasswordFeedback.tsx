import { Spinner, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircleFilled, CircleRegular, DismissCircleFilled, ErrorCircleRegular, LightbulbRegular } from '@fluentui/react-icons';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PasswordCheckResult } from '../../../shared/password-check.js';
import type { PasswordRules } from '../../../shared/password-rules.js';
import { evaluateRules } from './rules';
import type { RuleId } from './rules';
import { usePasswordCheck } from './usePasswordCheck';
import type { PasswordCheckSource } from './usePasswordCheck';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, fontSize: tokens.fontSizeBase200 },
  strengthRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minHeight: '20px' },
  meter: { display: 'grid', gridTemplateColumns: 'repeat(5, 1fr)', gap: '3px', flexGrow: 1, maxWidth: '220px' },
  segment: { height: '6px', borderRadius: tokens.borderRadiusSmall, backgroundColor: tokens.colorNeutralStroke2 },
  weak: { backgroundColor: tokens.colorPaletteRedBackground3 },
  fair: { backgroundColor: tokens.colorPaletteDarkOrangeBackground3 },
  strong: { backgroundColor: tokens.colorPaletteGreenBackground3 },
  strengthLabel: { whiteSpace: 'nowrap' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  item: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalXS, lineHeight: tokens.lineHeightBase300 },
  icon: { flexShrink: 0, fontSize: '16px', marginTop: '1px' },
  met: { color: tokens.colorPaletteGreenForeground1 },
  unmet: { color: tokens.colorPaletteRedForeground1 },
  neutral: { color: tokens.colorNeutralForeground3 },
  problem: { color: tokens.colorPaletteRedForeground1 },
  hint: { color: tokens.colorNeutralForeground2 },
  heading: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase200 },
});

const STRENGTH_KEYS = ['veryWeak', 'weak', 'fair', 'strong', 'veryStrong'] as const;
/** A password the policy refuses for these reasons is guessable whatever zxcvbn estimates: shown as weak at most. */
const GUESSABLE = new Set([
  'password.banned',
  'password.banned_custom',
  'password.breached',
  'password.contains_personal_info',
  'password.recently_used',
  'password.same_as_current',
]);

interface Props {
  /** The new password as typed. */
  password: string;
  /** Check for another user (admin reset); default: the signed-in user. */
  userId?: string;
  /** For `aria-describedby` on the password input. */
  id?: string;
  /** Called with the server's answer for the current password (null while it is being checked). */
  onResult?: (result: PasswordCheckResult | null) => void;
  /** Problem codes already shown elsewhere (next to the field after a submit): not repeated here. */
  hideCodes?: readonly string[];
  /**
   * Offline: show these rules as the checklist, ticked on the client, and ask the server nothing
   * (no strength meter, no server problems). For pages without a session, such as /set-password,
   * where the check endpoint is not available.
   */
  offlineRules?: PasswordRules;
  /** Check somewhere else than the policy endpoint (the reset portal's flow-bound check). */
  source?: PasswordCheckSource;
}

/**
 * Live feedback on a new password: a strength meter with zxcvbn's warning and suggestions, the
 * policy's rules ticked as the user types, and the server's problems (authoritative).
 */
export function PasswordFeedback({ password, userId, id, onResult, hideCodes = [], offlineRules, source }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const check = usePasswordCheck(password, userId, !offlineRules, source);
  const rules = offlineRules ?? check.result?.rules;
  const ruleStates = useMemo(() => (rules ? evaluateRules(password, rules) : []), [password, rules]);
  const fresh = check.checkedPassword === password && !!check.result;
  const typed = password.length > 0;

  useEffect(() => {
    onResult?.(fresh ? check.result : null);
  }, [fresh, check.result, onResult]);

  const label = (rule: RuleId): string => {
    if (!rules) return '';
    switch (rule) {
      case 'minLength':
        return t('passwordFeedback.minLength', { count: rules.minLength });
      case 'maxLength':
        return t('passwordFeedback.maxLength', { count: rules.maxLength });
      case 'categories':
        return t('passwordFeedback.categories', { count: rules.minCategories });
      case 'characters':
        return t('passwordFeedback.characters');
    }
  };

  // A problem that an unmet checklist item already says is not repeated.
  const unmetCodes = new Set([...ruleStates.filter((r) => !r.met).map((r) => r.code), ...hideCodes]);
  const current = typed && check.result && check.checkedPassword !== '' ? check.result : null;
  const problems = current ? current.problems.filter((p) => !unmetCodes.has(p.code)) : [];
  const guessable = !!current?.problems.some((p) => GUESSABLE.has(p.code));
  const strength = current ? { ...current.strength, score: guessable ? Math.min(current.strength.score, 1) : current.strength.score } : null;
  const strengthKey = strength ? STRENGTH_KEYS[strength.score] : null;
  const tone = strength ? (strength.score <= 1 ? styles.weak : strength.score === 2 ? styles.fair : styles.strong) : undefined;

  return (
    <div className={styles.root} id={id}>
      {!rules && check.pending ? <Spinner size="extra-tiny" label={t('passwordFeedback.loading')} /> : null}
      {!rules && check.error ? <Text className={styles.hint}>{t('passwordFeedback.unavailable')}</Text> : null}
      {typed && !offlineRules ? (
        <div className={styles.strengthRow}>
          <div
            className={styles.meter}
            role="meter"
            aria-label={t('passwordFeedback.strength')}
            aria-valuemin={0}
            aria-valuemax={4}
            aria-valuenow={strength?.score ?? 0}
            aria-valuetext={strengthKey ? t(`passwordFeedback.${strengthKey}`) : t('passwordFeedback.checking')}
          >
            {[0, 1, 2, 3, 4].map((i) => (
              <span key={i} className={mergeClasses(styles.segment, strength && i <= strength.score ? tone : undefined)} />
            ))}
          </div>
          <Text className={styles.strengthLabel} aria-hidden data-testid="password-strength">
            {strengthKey ? t('passwordFeedback.strengthValue', { value: t(`passwordFeedback.${strengthKey}`) }) : t('passwordFeedback.checking')}
          </Text>
        </div>
      ) : null}
      {rules ? (
        <div>
          <Text as="p" className={styles.heading}>
            {t('passwordFeedback.requirements')}
          </Text>
          <ul className={styles.list} aria-label={t('passwordFeedback.requirements')}>
            {ruleStates.map((rule) => (
              <li key={rule.id} className={styles.item} data-rule={rule.id} data-met={typed && rule.met}>
                {typed && rule.met ? (
                  <CheckmarkCircleFilled className={mergeClasses(styles.icon, styles.met)} aria-hidden />
                ) : typed ? (
                  <DismissCircleFilled className={mergeClasses(styles.icon, styles.unmet)} aria-hidden />
                ) : (
                  <CircleRegular className={mergeClasses(styles.icon, styles.neutral)} aria-hidden />
                )}
                <span>
                  <span className="visually-hidden">{typed && rule.met ? t('passwordFeedback.met') : t('passwordFeedback.notMet')} </span>
                  {label(rule.id)}
                </span>
              </li>
            ))}
            {current?.breached ? <BreachedItem state={current.breached} /> : null}
          </ul>
        </div>
      ) : null}
      {/* Announced after the debounced check, not on every keystroke. */}
      <div aria-live="polite" aria-atomic="false">
        {problems.length ? (
          <ul className={styles.list} data-testid="password-problems">
            {problems.map((p) => (
              <li key={p.code} className={mergeClasses(styles.item, styles.problem)} data-code={p.code}>
                <ErrorCircleRegular className={styles.icon} aria-hidden />
                <span>{p.message}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {strength && (strength.warning || strength.suggestions.length) ? (
          <ul className={styles.list}>
            {[strength.warning, ...strength.suggestions]
              .filter((s): s is string => !!s)
              .map((s) => (
                <li key={s} className={mergeClasses(styles.item, styles.hint)}>
                  <LightbulbRegular className={styles.icon} aria-hidden />
                  <span>{s}</span>
                </li>
              ))}
          </ul>
        ) : null}
        {strengthKey ? <span className="visually-hidden">{t('passwordFeedback.strengthValue', { value: t(`passwordFeedback.${strengthKey}`) })}</span> : null}
      </div>
    </div>
  );
}

/** The breached-password check as a checklist item (issue 17; P5): shown once the server has run it. */
function BreachedItem({ state }: { state: 'clean' | 'found' | 'unavailable' }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <li className={styles.item} data-rule="breached" data-met={state === 'clean'} data-state={state}>
      {state === 'clean' ? (
        <CheckmarkCircleFilled className={mergeClasses(styles.icon, styles.met)} aria-hidden />
      ) : state === 'found' ? (
        <DismissCircleFilled className={mergeClasses(styles.icon, styles.unmet)} aria-hidden />
      ) : (
        <CircleRegular className={mergeClasses(styles.icon, styles.neutral)} aria-hidden />
      )}
      <span>
        {state === 'unavailable' ? null : (
          <span className="visually-hidden">{state === 'clean' ? t('passwordFeedback.met') : t('passwordFeedback.notMet')} </span>
        )}
        {state === 'unavailable' ? t('passwordFeedback.breachUnchecked') : t('passwordFeedback.notBreached')}
      </span>
    </li>
  );
}
