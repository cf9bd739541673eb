import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { SpinButtonOnChangeData } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import type { ProblemIssue } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { errorMessage } from '../../shared/format';
import type { GroupOutcome, SectionFailure } from './useSettingsGroup';

/** The messages of a 400's issues by their `path` (`expiration.validityDays`, `customBannedPasswords.3`). */
export function issuesByPath(error: unknown): Map<string, ProblemIssue[]> {
  const map = new Map<string, ProblemIssue[]>();
  if (!(error instanceof ApiError)) return map;
  for (const issue of error.issues) map.set(issue.path, [...(map.get(issue.path) ?? []), issue]);
  return map;
}

/** The first message for a field, for a Fluent Field's validationMessage. */
export function fieldMessage(issues: Map<string, ProblemIssue[]>, path: string): string | undefined {
  const list = issues.get(path);
  return list?.length ? list.map((i) => i.message).join(' ') : undefined;
}

/**
 * A save error: the problem's title, and only the issues no field shows (those are next to their
 * fields). Other errors (403, network) as the usual error bar.
 */
export function SaveErrorBar({ error, shownPaths }: { error: unknown; shownPaths: (path: string) => boolean }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || error.status !== 400) return <ErrorBar error={error} />;
  const rest = error.issues.filter((i) => !shownPaths(i.path));
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{errorMessage(error, t)}</MessageBarTitle>
        {rest.length ? (
          <ul>
            {rest.map((i) => (
              <li key={`${i.path}:${i.code}`}>{i.message}</li>
            ))}
          </ul>
        ) : (
          <div>{t('settings.fixFields')}</div>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * The answer to a Save that sent several documents and not all were saved (useSettingsGroup): one
 * document alone is said as on any settings page; several as a list of what was saved, what was
 * refused (and why) and what was not sent, each by its section's name.
 */
export function GroupSaveErrors({ outcome }: { outcome: GroupOutcome }) {
  const { t } = useTranslation();
  const attempted = outcome.saved.length + outcome.failed.length + outcome.notSent.length;
  const only = outcome.failed[0];
  if (attempted === 1 && only) return <SaveErrorBar error={only.error} shownPaths={only.shownPaths} />;
  const reason = (failure: SectionFailure): string => {
    if (!(failure.error instanceof ApiError) || failure.error.status !== 400) return errorMessage(failure.error, t);
    const rest = failure.error.issues.filter((i) => !failure.shownPaths(i.path)).map((i) => i.message);
    return [errorMessage(failure.error, t), ...(rest.length ? rest : [t('settings.fixFields')])].join(' ');
  };
  return (
    <MessageBar intent="error" layout="multiline" role="alert" data-testid="settings-partial-save">
      <MessageBarBody>
        <MessageBarTitle>{outcome.saved.length ? t('settingsPages.partlySaved') : t('settingsPages.notSaved')}</MessageBarTitle>
        <ul>
          {outcome.saved.map((name) => (
            <li key={name} data-outcome="saved">
              {t('settingsPages.sectionSaved', { section: name })}
            </li>
          ))}
          {outcome.failed.map((failure) => (
            <li key={failure.name} data-outcome="failed">
              {t('settingsPages.sectionFailed', { section: failure.name, reason: reason(failure) })}
            </li>
          ))}
          {outcome.notSent.map((name) => (
            <li key={name} data-outcome="not-sent">
              {t('settingsPages.sectionNotSent', { section: name })}
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

/** A SpinButton's new value: the stepped value, else the typed text as a whole number (null when it is not one). */
export function spinValue(data: SpinButtonOnChangeData): number | null {
  if (data.value !== undefined && data.value !== null) return data.value;
  const text = (data.displayValue ?? '').trim().replace(/[.,\s](?=\d{3}\b)/g, '');
  return /^-?\d+$/.test(text) ? Number(text) : null;
}
