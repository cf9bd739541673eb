import { z } from 'zod';

/**
 * *Settings > Org settings > Security & privacy > Password policy* (reference §2, §3).
 * `entra`: the seed system's rules. `nist`: NIST SP 800-63B-4 (length over composition).
 */
export const passwordPolicySettings = z
  .object({
    profile: z.enum(['entra', 'nist']),
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
