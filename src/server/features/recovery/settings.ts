import { z } from 'zod';
import type { Issue } from '../../core/errors.js';
import { sha256 } from '../../core/crypto.js';
import { defineSettings } from '../settings/definition.js';
import type { Helpdesk } from '../../../shared/recovery.js';

/**
 * *Settings > Org settings > Security & privacy > Self-service password reset* (reference §7.1,
 * §7.4-7.7, §7.9). Ranges are Entra's; the cross-field rules are in {@link ssprSettingsIssues}.
 */
export const ssprSettings = z
  .object({
    /** Who may reset their own password: nobody, the direct members of one group, or everyone. */
    enabledFor: z.enum(['none', 'group', 'all']),
    groupId: z.string().min(1).max(64).nullable(),
    methods: z
      .object({
        email: z.boolean(),
        mobilePhone: z.boolean(),
        officePhone: z.boolean(),
        authenticatorApp: z.boolean(),
        securityQuestions: z.boolean(),
        /** A passkey (issue 17): off unless the admin turns it on (absent = off; documents saved before it have none). Entra does not accept passkeys for SSPR. */
        passkey: z.boolean().optional(),
      })
      .strict(),
    methodsRequired: z.union([z.literal(1), z.literal(2)]),
    questionsToRegister: z.number().int().min(3).max(5),
    questionsToReset: z.number().int().min(3).max(5),
    /** Questions of the organisation's own, shown as written (not translated; reference §7.5). */
    customQuestions: z.array(z.string().trim().min(3).max(200)).max(20),
    requireRegistration: z.boolean(),
    /** Days before users confirm their security info again; 0 = never (reference §7.6). */
    reconfirmDays: z.number().int().min(0).max(730),
    notifyUsers: z.boolean(),
    notifyAdmins: z.boolean(),
    /** Where *Contact your administrator* goes instead of the helpdesk and password administrators: an email address or an https URL. */
    customHelpdesk: z.string().trim().max(320).nullable(),
    /**
     * Entra's "Allow users to unlock accounts without resetting their password" (reference §7.10):
     * after the same proofs a directory user may unlock instead of resetting. Off by default
     * (Entra recommends Yes; Latchkey keeps the stricter start). Absent in documents saved before it: off.
     */
    allowUnlockWithoutReset: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'SelfServicePasswordResetSettings' });

export type SsprSettings = z.infer<typeof ssprSettings>;

/** Entra's starting point: off until an admin turns it on; the deployment guide's recommendations otherwise. */
export const defaultSsprSettings: SsprSettings = {
  enabledFor: 'none',
  groupId: null,
  methods: { email: true, mobilePhone: true, officePhone: false, authenticatorApp: true, securityQuestions: false, passkey: false },
  methodsRequired: 1,
  questionsToRegister: 3,
  questionsToReset: 3,
  customQuestions: [],
  requireRegistration: true,
  reconfirmDays: 180,
  notifyUsers: true,
  notifyAdmins: true,
  customHelpdesk: null,
  allowUnlockWithoutReset: false,
};

export const SSPR_SETTINGS_KEY = 'self-service-password-reset';

/** A custom question's id follows its text, so answers stay attached while the question is unchanged. */
export function customQuestionId(text: string): string {
  return `custom:${sha256(text.trim()).slice(0, 12)}`;
}

export function helpdeskOf(settings: SsprSettings): Helpdesk {
  const value = settings.customHelpdesk;
  if (!value) return { kind: 'default' };
  return value.includes('@') && !value.includes('/') ? { kind: 'email', address: value } : { kind: 'url', url: value };
}

/** The rules between fields that a schema alone cannot say; each becomes a localised issue. */
export function ssprSettingsIssues(s: SsprSettings): Issue[] {
  const issues: Issue[] = [];
  if (s.enabledFor === 'group' && !s.groupId) issues.push({ path: 'groupId', code: 'sspr.group_required' });
  const enabled = Object.entries(s.methods)
    .filter(([, on]) => on)
    .map(([kind]) => kind);
  if (!enabled.length) issues.push({ path: 'methods', code: 'sspr.no_methods' });
  else if (enabled.length < s.methodsRequired) issues.push({ path: 'methods', code: 'sspr.too_few_methods', params: { required: s.methodsRequired } });
  // Security questions never prove identity alone (checklist R25a): another method must be on.
  if (enabled.length && enabled.every((k) => k === 'securityQuestions')) issues.push({ path: 'methods.securityQuestions', code: 'sspr.questions_alone' });
  // Entra: the authenticator app can't be the only choice; with two required it needs two others (reference §7.4).
  if (s.methods.authenticatorApp && enabled.length - 1 < s.methodsRequired)
    issues.push({ path: 'methods.authenticatorApp', code: 'sspr.authenticator_needs_others', params: { required: s.methodsRequired } });
  if (s.questionsToReset > s.questionsToRegister) issues.push({ path: 'questionsToReset', code: 'sspr.questions_reset_above_register' });
  const seen = new Map<string, number>();
  s.customQuestions.forEach((q, i) => {
    const key = q.trim().toLocaleLowerCase('und');
    if (seen.has(key)) issues.push({ path: `customQuestions.${i}`, code: 'sspr.question_duplicate', params: { duplicateOf: seen.get(key)! } });
    else seen.set(key, i);
  });
  if (s.customHelpdesk) {
    const h = helpdeskOf(s);
    if (h.kind === 'email' && !z.email().safeParse(h.address).success) issues.push({ path: 'customHelpdesk', code: 'sspr.helpdesk_invalid' });
    if (h.kind === 'url' && !/^https?:\/\/[^\s]+$/.test(h.url)) issues.push({ path: 'customHelpdesk', code: 'sspr.helpdesk_invalid' });
  }
  return issues;
}

/** The self-service password reset settings document and its routes (ADR 0003). */
export const ssprSettingsDocument = defineSettings<SsprSettings>({
  key: SSPR_SETTINGS_KEY,
  schema: ssprSettings,
  defaults: defaultSsprSettings,
  read: ['settings:sspr'],
  write: [{ permission: 'settings:sspr' }],
  stepUp: true,
  // The group only counts when the policy is scoped to one; blank helpdesk text means the default.
  normalize: (body) => ({
    ...body,
    groupId: body.enabledFor === 'group' ? body.groupId : null,
    methods: { ...body.methods, passkey: body.methods.passkey ?? false },
    customQuestions: body.customQuestions.map((q) => q.trim()),
    customHelpdesk: body.customHelpdesk?.trim() || null,
    allowUnlockWithoutReset: body.allowUnlockWithoutReset ?? false,
  }),
  async issues(next, { repos }) {
    const issues = ssprSettingsIssues(next);
    if (next.groupId && !issues.length && !(await repos.groups.list()).some((g) => g.id === next.groupId))
      issues.push({ path: 'groupId', code: 'sspr.group_not_found' });
    return issues;
  },
  invalid: 'sspr.settings_invalid',
  audit: { action: 'settings.sspr_updated' },
  route: {
    path: '/settings/self-service-password-reset',
    summary: { get: 'Self-service password reset: who, which methods, registration, notifications', put: 'Save the self-service password reset policy' },
  },
});
