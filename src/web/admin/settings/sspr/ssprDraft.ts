import type { MethodKind } from '../../../../shared/methods.js';
import type { SsprSettings } from '../../../../shared/settings.js';

/** Entra's limits for the organisation's own security questions. */
export const MAX_CUSTOM_QUESTIONS = 20;
export const QUESTION_MAX = 200;
/** The order of the methods, as Entra lists them. */
export const METHODS: readonly MethodKind[] = ['email', 'mobilePhone', 'officePhone', 'authenticatorApp', 'securityQuestions', 'passkey'];

/** The form's copy of the settings: numbers may be empty while typed, questions keep blank rows, the helpdesk has its switch. */
export type Draft = Omit<SsprSettings, 'questionsToRegister' | 'questionsToReset' | 'reconfirmDays' | 'customHelpdesk'> & {
  questionsToRegister: number | null;
  questionsToReset: number | null;
  reconfirmDays: number | null;
  customiseHelpdesk: boolean;
  helpdesk: string;
};

export function toDraft(s: SsprSettings): Draft {
  const { customHelpdesk, ...rest } = s;
  const draft = structuredClone(rest);
  // Settings saved before passkeys (issue 17) have no `passkey`: off.
  draft.methods = { ...draft.methods, passkey: draft.methods.passkey ?? false };
  // Settings saved before "unlock without resetting" (issue 14) have none: off.
  return {
    ...draft,
    allowUnlockWithoutReset: draft.allowUnlockWithoutReset ?? false,
    customiseHelpdesk: customHelpdesk !== null,
    helpdesk: customHelpdesk ?? '',
  };
}

/** The questions that are sent, each with the row it came from (blank rows are left out). */
export function questionRows(draft: Draft): { text: string; row: number }[] {
  return draft.customQuestions.map((q, row) => ({ text: q.trim(), row })).filter((q) => q.text !== '');
}

export function toSettings(draft: Draft): SsprSettings {
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

/** What Save refuses before sending, as i18n keys by field path. */
export function checkDraft(draft: Draft): Record<string, string | false> {
  const whole = 'settings.wholeNumber';
  return {
    questionsToRegister: draft.questionsToRegister === null && whole,
    questionsToReset: draft.questionsToReset === null && whole,
    reconfirmDays: draft.reconfirmDays === null && whole,
    groupId: draft.enabledFor === 'group' && !draft.groupId && 'ssprSettings.groupRequired',
    customHelpdesk: draft.customiseHelpdesk && !draft.helpdesk.trim() && 'ssprSettings.helpdeskRequired',
  };
}
