import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../../shared/api';

/** One settings document of a page that saves several with one Save. */
export interface GroupMember {
  /** The section's name as its card says it ("Smart lockout"), for the answer to a partial save. */
  name: string;
  form: {
    dirty: boolean;
    validate: () => boolean;
    send: () => Promise<void>;
    cancel: () => void;
  };
  /** The issue paths the section's fields show (the save bar lists the others). */
  shownPaths: (path: string) => boolean;
}

export interface SectionFailure {
  name: string;
  error: unknown;
  shownPaths: (path: string) => boolean;
}

/** The answer to the last Save: which sections were saved, which were refused, which were not sent. */
export interface GroupOutcome {
  saved: string[];
  failed: SectionFailure[];
  notSent: string[];
}

/**
 * One Save and one Cancel for a page of several settings documents (Password protection: smart
 * lockout, the custom banned passwords and breached passwords, as Entra's one blade). Save checks
 * every changed section first and sends nothing while one has a problem; then it PUTs the changed
 * documents one after the other, so a step-up (issue 17) is asked once, by the first. A refused
 * document (400) does not stop the others, which are independent; any other error (step-up
 * cancelled, no access, network) stops there and the rest are reported as not sent. Each form
 * keeps its own error, so a 400's issues stay next to their fields.
 */
export function useSettingsGroup(members: GroupMember[]) {
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<GroupOutcome | null>(null);
  const dirty = members.some((m) => m.form.dirty);

  const run = async () => {
    const changed = members.filter((m) => m.form.dirty);
    // Every changed section marks its own problems before anything is sent.
    const valid = changed.map((m) => m.form.validate());
    setOutcome(null);
    if (valid.includes(false)) return;
    setPending(true);
    const result: GroupOutcome = { saved: [], failed: [], notSent: [] };
    for (const [index, member] of changed.entries()) {
      try {
        await member.form.send();
        result.saved.push(member.name);
      } catch (error) {
        result.failed.push({ name: member.name, error, shownPaths: member.shownPaths });
        if (!(error instanceof ApiError && error.status === 400)) {
          result.notSent.push(...changed.slice(index + 1).map((m) => m.name));
          break;
        }
      }
    }
    setPending(false);
    setOutcome(result);
  };

  const failed = !!outcome && (outcome.failed.length > 0 || outcome.notSent.length > 0);
  return {
    outcome,
    /** For SettingsSaveBar. */
    save: { error: failed ? outcome : null, isPending: pending },
    /** "Saved" until the next edit. */
    saved: !!outcome && !failed && !dirty,
    dirty,
    submit: (event: FormEvent) => {
      event.preventDefault();
      if (!pending) void run();
    },
    cancel: () => {
      for (const m of members) m.form.cancel();
      setOutcome(null);
    },
  };
}
