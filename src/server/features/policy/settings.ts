import { z } from 'zod';
import { defineSettings } from '../settings/definition.js';
import { validateCustomTerms } from './banned/index.js';
import { policyProfiles } from '../../../shared/password-rules.js';

/**
 * *Settings > Org settings > Security & privacy > Password policy* (reference §2, §3).
 * `entra`: the seed system's rules. `nist`: NIST SP 800-63B-4 (length over composition).
 */
export const passwordPolicySettings = z
  .object({
    profile: z.enum(policyProfiles),
    /** Previous passwords that may not be reused, 0-24; 0 = Entra: only the current one, on change. */
    historyCount: z.number().int().min(0).max(24),
    /** NIST lets the minimum drop from 15 to 8 when the organisation requires MFA. */
    mfaRequired: z.boolean(),
    expiration: z
      .object({
        neverExpire: z.boolean(),
        /** Microsoft 365 range: 14 to 730 days. */
        validityDays: z.number().int().min(14).max(730),
        /** Reminder window before expiry: 1 to 30 days (the legacy M365 range). */
        notificationDays: z.number().int().min(1).max(30),
      })
      .strict()
      .refine((e) => e.notificationDays < e.validityDays, { path: ['notificationDays'], message: 'must be less than validityDays' }),
  })
  .strict()
  .meta({ id: 'PasswordPolicySettings' });

export type PasswordPolicySettings = z.infer<typeof passwordPolicySettings>;

export const defaultPasswordPolicy: PasswordPolicySettings = {
  profile: 'entra',
  historyCount: 0,
  mfaRequired: false,
  // Passwords never expire by default, as in Entra today; 90/14 are Graph's defaults when enabled.
  expiration: { neverExpire: true, validityDays: 90, notificationDays: 14 },
};

/** *Settings > Password protection*: the custom banned list (reference §8.1). */
export const passwordProtectionSettings = z
  .object({
    enforceCustomList: z.boolean(),
    customBannedPasswords: z.array(z.string()),
  })
  .strict()
  .meta({ id: 'PasswordProtectionSettings' });

export type PasswordProtectionSettings = z.infer<typeof passwordProtectionSettings>;

export const defaultPasswordProtection: PasswordProtectionSettings = { enforceCustomList: false, customBannedPasswords: [] };

export const SETTINGS_KEYS = { policy: 'password-policy', protection: 'password-protection' } as const;

/**
 * The password policy document (ADR 0003). Authentication Policy Administrators and Global
 * Administrators may change all of it; User Administrators only the expiration part (as in Entra, reference §3.1).
 */
export const passwordPolicyDocument = defineSettings<PasswordPolicySettings>({
  key: SETTINGS_KEYS.policy,
  schema: passwordPolicySettings,
  defaults: defaultPasswordPolicy,
  read: ['settings:password-policy', 'settings:password-expiry'],
  write: [{ permission: 'settings:password-policy' }, { permission: 'settings:password-expiry', onlyFields: ['expiration'] }],
  audit: { action: 'settings.password_policy_updated' },
  route: {
    path: '/settings/password-policy',
    summary: { get: 'Password policy: profile, history, expiration', put: 'Save the password policy' },
    description: { put: 'Authentication Policy Administrator or Global Administrator; a User Administrator may change only `expiration`.' },
  },
});

/** The custom banned list document (ADR 0003): every term is checked; a bad term changes nothing. */
export const passwordProtectionDocument = defineSettings<PasswordProtectionSettings>({
  key: SETTINGS_KEYS.protection,
  schema: passwordProtectionSettings,
  // Looser than the document, so that too many or too long terms get their own issues (banned.*).
  body: passwordProtectionSettings.extend({ customBannedPasswords: z.array(z.string().max(64)).max(5000) }),
  defaults: defaultPasswordProtection,
  read: ['settings:password-policy'],
  write: [{ permission: 'settings:password-policy' }],
  // Step-up on save (issue 17): weakening the banned list is a sensitive change.
  stepUp: true,
  normalize: (body) => ({ enforceCustomList: body.enforceCustomList, customBannedPasswords: body.customBannedPasswords.map((t) => t.trim()).filter(Boolean) }),
  issues: (next) => validateCustomTerms(next.customBannedPasswords),
  // The counts, not the terms: the list can be long.
  audit: {
    action: 'settings.password_protection_updated',
    details: (_before, after) => ({ enforceCustomList: after.enforceCustomList, terms: after.customBannedPasswords.length }),
  },
  route: {
    path: '/settings/password-protection',
    summary: { get: 'Password protection: the custom banned list', put: 'Save the custom banned password list' },
    description: { put: 'Up to 1,000 terms of 4-16 characters, case-insensitive. Each bad term gets its own issue; nothing is saved then.' },
  },
});
