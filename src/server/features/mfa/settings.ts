import { z } from 'zod';
import { defineSettings } from '../settings/definition.js';

/**
 * *Settings > Multifactor authentication* (issue 17; checklist A2): Entra's security defaults
 * (every administrator role must use MFA, on by default) and per-group settings.
 * - `administrators`: 'required' asks every holder of an admin role for a second factor at
 *   sign-in, and makes one register an authenticator app first when they have none.
 * - `everyone`: for the other users (or, with `groupId`, only that group's direct members; the
 *   rest are 'optional'): 'off' never asks, 'optional' asks users who registered a second factor,
 *   'required' asks everyone and makes them register one.
 * - `rememberDeviceDays`: "Don't ask again for N days" on this browser; 0 turns it off.
 * - `passwordless`: passkey sign-in without a password (a passkey is phishing-resistant MFA).
 */
export const mfaSettings = z
  .object({
    administrators: z.enum(['required', 'optional']),
    everyone: z.enum(['off', 'optional', 'required']),
    groupId: z.string().min(1).max(64).nullable(),
    rememberDeviceDays: z.number().int().min(0).max(365),
    passwordless: z.boolean(),
  })
  .strict()
  .meta({ id: 'MultifactorSettings' });

export type MfaSettings = z.infer<typeof mfaSettings>;

/** Security defaults: administrators must use MFA; users who registered a second factor are asked for it. */
export const defaultMfaSettings: MfaSettings = {
  administrators: 'required',
  everyone: 'optional',
  groupId: null,
  rememberDeviceDays: 0,
  passwordless: true,
};

export const MFA_SETTINGS_KEY = 'multifactor';

/**
 * Nobody is asked for MFA: what the test harnesses (createTestApp, the browser-test server, bench)
 * store for tests that are not about MFA. Never a product default.
 */
export const mfaOffForTests: MfaSettings = { ...defaultMfaSettings, administrators: 'optional', everyone: 'off' };

/** The sign-in MFA policy document and its routes (ADR 0003). */
export const mfaSettingsDocument = defineSettings<MfaSettings>({
  key: MFA_SETTINGS_KEY,
  schema: mfaSettings,
  defaults: defaultMfaSettings,
  read: ['settings:mfa'],
  write: [{ permission: 'settings:mfa' }],
  async issues(next, { repos }) {
    if (next.groupId && !(await repos.groups.list()).some((g) => g.id === next.groupId)) return [{ path: 'groupId', code: 'mfa.group_not_found' }];
    return [];
  },
  invalid: 'mfa.settings_invalid',
  audit: { action: 'settings.mfa_updated' },
  route: {
    path: '/settings/multifactor',
    summary: {
      get: 'Sign-in multifactor authentication: administrators, everyone or one group, remembered devices, passwordless passkeys',
      put: 'Save the sign-in MFA policy',
    },
  },
});
