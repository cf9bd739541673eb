import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../shared/api';
import { fieldMessage, issuesByPath } from './formErrors';

interface Options<S, D> {
  /** The query key of the settings (Save puts its answer there). */
  queryKey: readonly unknown[];
  /** The settings' API path: GET reads them, PUT saves the whole object. */
  path: string;
  /** The form's copy of saved settings. */
  toDraft: (settings: S) => D;
  /** The body Save sends; also what the form is compared with to know whether it changed. */
  toSettings: (draft: D) => S;
  /**
   * Problems found before sending (an empty number box), as i18n keys by field path; a path with
   * false is fine. Save sends nothing while there is one.
   */
  check?: (draft: D) => Record<string, string | false>;
  /** Just before a save is sent (to remember which row each item came from, say). */
  beforeSave?: (draft: D) => void;
  /** False: read nothing (the user may not see this document); the form then stays empty and unchanged. */
  enabled?: boolean;
}

/** JSON with sorted keys, to compare the form with the saved settings whatever the key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * One settings form: the settings read with TanStack Query, a draft the form edits, whether it
 * changed, Save (PUT of the whole object; a 400's issues by field path), Cancel and "Saved".
 */
export function useSettingsForm<S, D>({ queryKey, path, toDraft, toSettings, check, beforeSave, enabled = true }: Options<S, D>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey, queryFn: ({ signal }) => apiFetch<S>(path, { signal }), enabled });
  const [draft, setDraft] = useState<D | null>(null);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  // Only the first answer fills the form; later ones come from Save (handled there).
  if (draft === null && query.data !== undefined) setDraft(toDraft(query.data));

  const save = useMutation({
    mutationFn: (body: S) => apiFetch<S>(path, { method: 'PUT', body }),
    onSuccess: (result) => {
      queryClient.setQueryData(queryKey, result);
      setDraft(toDraft(result));
      setSaved(true);
    },
  });

  const issues = issuesByPath(save.error);
  /** The problems found before sending, marked on their fields; true when there are none. */
  const validate = (): boolean => {
    if (!draft) return false;
    const found = Object.fromEntries(Object.entries(check?.(draft) ?? {}).filter((entry): entry is [string, string] => !!entry[1]));
    setMissing(found);
    return Object.keys(found).length === 0;
  };
  return {
    query,
    draft,
    save,
    saved,
    issues,
    dirty: !!draft && !!query.data && canonical(toSettings(draft)) !== canonical(query.data),
    /** A field's message: the problem found before sending, else the server's issues for its path. */
    msg: (field: string): string | undefined => (missing[field] ? t(missing[field]) : fieldMessage(issues, field)),
    update: (change: (d: D) => D) => {
      setSaved(false);
      setMissing({});
      setDraft((d) => (d ? change(d) : d));
    },
    submit: (event: FormEvent) => {
      event.preventDefault();
      if (!draft || !validate()) return;
      beforeSave?.(draft);
      save.mutate(toSettings(draft));
    },
    validate,
    /**
     * Sends the draft (after `validate`), for a page that saves several documents with one Save
     * (useSettingsGroup): resolves when saved, rejects with the API's error (also kept in `save.error`).
     */
    send: async (): Promise<void> => {
      if (!draft) return;
      beforeSave?.(draft);
      await save.mutateAsync(toSettings(draft));
    },
    cancel: () => {
      if (query.data !== undefined) setDraft(toDraft(query.data));
      setMissing({});
      setSaved(false);
      save.reset();
    },
  };
}

/** What useSettingsForm returns. */
export type SettingsForm<S, D> = ReturnType<typeof useSettingsForm<S, D>>;
