import { z } from 'zod';
import { defineSettings } from '../settings/definition.js';

/** *Settings > Password protection > Smart lockout* (reference §9). */
export const lockoutSettings = z
  .object({
    /** Failed sign-ins before the first lockout (Entra's default: 10). */
    lockoutThreshold: z.number().int().min(1).max(50),
    /** Length of the first lockout in seconds (Entra's default: 60). */
    lockoutDurationSeconds: z.number().int().min(5).max(86_400),
  })
  .strict()
  .meta({ id: 'SmartLockoutSettings' });

export type LockoutSettings = z.infer<typeof lockoutSettings>;

export const defaultLockoutSettings: LockoutSettings = { lockoutThreshold: 10, lockoutDurationSeconds: 60 };

export const LOCKOUT_SETTINGS_KEY = 'smart-lockout';

/** NIST SP 800-63B-4 §3.2.2: no more than 100 consecutive failures; then only a reset unlocks. */
export const HARD_CAP = 100;

/** Each later lockout doubles, up to one hour (or the base duration, when that is longer). */
export function lockoutSeconds(settings: LockoutSettings, lockoutNumber: number): number {
  const base = settings.lockoutDurationSeconds;
  return Math.min(base * 2 ** Math.max(0, lockoutNumber - 1), Math.max(3600, base));
}

/** The smart lockout settings document and its routes (ADR 0003). */
export const lockoutSettingsDocument = defineSettings<LockoutSettings>({
  key: LOCKOUT_SETTINGS_KEY,
  schema: lockoutSettings,
  defaults: defaultLockoutSettings,
  read: ['settings:lockout'],
  write: [{ permission: 'settings:lockout' }],
  stepUp: true,
  audit: { action: 'settings.smart_lockout_updated' },
  route: {
    path: '/settings/smart-lockout',
    summary: { get: 'Smart lockout threshold and duration', put: 'Save the smart lockout threshold (1-50) and first lockout duration (5-86,400 s)' },
  },
});
