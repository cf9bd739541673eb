import { Combobox, Field, Input, Option, Spinner, makeStyles } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch } from '../../shared/api';
import type { GroupSummary } from '../../../shared/users.js';
import { useDebounced } from '../useDebounced';

const useStyles = makeStyles({
  picker: { width: '100%', maxWidth: '420px' },
});

/**
 * The one group SSPR is enabled for (Entra allows a single group; nested groups count): a search
 * box over `GET /groups?search=`. When the server has no group list, the group's id is typed.
 */
export function SelfServiceResetGroupPicker({
  groupId,
  onChange,
  validationMessage,
}: {
  groupId: string | null;
  onChange: (id: string | null) => void;
  validationMessage?: string | undefined;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  // Names seen in any answer, so the chosen group keeps its name when the search changes.
  const [names, setNames] = useState<ReadonlyMap<string, string>>(() => new Map());
  const [namedFrom, setNamedFrom] = useState<GroupSummary[] | undefined>();
  const [text, setText] = useState<string | null>(null);
  const search = useDebounced((text ?? '').trim(), 250);
  const groups = useQuery({
    queryKey: ['groups', 'search', search],
    queryFn: ({ signal }) => apiFetch<{ items: GroupSummary[] }>('/groups', { query: { search }, signal }),
    placeholderData: (previous) => previous,
  });
  const answer = groups.data?.items;
  if (answer && answer !== namedFrom) {
    setNamedFrom(answer);
    setNames((known) => new Map([...known, ...answer.map((g) => [g.id, g.displayName] as const)]));
  }
  const chosenName = groupId ? (names.get(groupId) ?? null) : null;

  // Show the chosen group's name once it is known (not while the admin is typing).
  if (text === null && chosenName) setText(chosenName);

  const noList = groups.error instanceof ApiError && (groups.error.status === 404 || groups.error.status === 405);
  if (noList) {
    return (
      <Field label={t('ssprSettings.groupId')} hint={t('ssprSettings.groupIdHint')} required validationMessage={validationMessage}>
        <Input className={styles.picker} value={groupId ?? ''} onChange={(_, d) => onChange(d.value.trim() || null)} spellCheck={false} />
      </Field>
    );
  }

  const items = groups.data?.items ?? [];
  return (
    <Field
      label={t('ssprSettings.group')}
      hint={t('ssprSettings.groupHint')}
      required
      validationMessage={validationMessage ?? (groups.isError ? t('ssprSettings.groupsUnavailable') : undefined)}
    >
      <Combobox
        className={styles.picker}
        placeholder={t('ssprSettings.groupPlaceholder')}
        value={text ?? chosenName ?? groupId ?? ''}
        selectedOptions={groupId ? [groupId] : []}
        freeform={false}
        onChange={(e) => setText(e.target.value)}
        onOptionSelect={(_, d) => {
          const id = d.optionValue ?? null;
          onChange(id);
          setText(d.optionText ?? '');
        }}
        expandIcon={groups.isFetching ? <Spinner size="extra-tiny" /> : undefined}
      >
        {items.length ? (
          items.map((g) => (
            <Option key={g.id} value={g.id}>
              {g.displayName}
            </Option>
          ))
        ) : (
          <Option key="none" value="" disabled text="">
            {groups.isPending ? t('app.loading') : t('ssprSettings.noGroups')}
          </Option>
        )}
      </Combobox>
    </Field>
  );
}
