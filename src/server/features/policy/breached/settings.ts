import { z } from 'zod';
import { defineSettings } from '../../settings/definition.js';

/**
 * *Settings > Password protection > Breached passwords* (issue 17; checklist P5). Where the list
 * comes from is the operator's choice (LATCHKEY_BREACHED_PASSWORDS_URL, or an imported file); what
 * counts as breached and what an outage does is the organisation's.
 */
export const breachedPasswordSettings = z
  .object({
    /** Check new passwords against the breached-password source (when one is configured). */
    enabled: z.boolean(),
    /** A password seen at least this many times in breaches is refused (1 = any sighting). */
    threshold: z.number().int().min(1).max(1_000_000),
    /**
     * When the source cannot answer: `allow` sets the password anyway (the other rules still apply;
     * a warning is logged), `refuse` refuses it until the source is back.
     */
    onUnavailable: z.enum(['allow', 'refuse']),
  })
  .strict()
  .meta({ id: 'BreachedPasswordSettings' });

export type BreachedPasswordSettings = z.infer<typeof breachedPasswordSettings>;

/** On, any sighting refuses, and an outage does not stop people from changing or resetting their password. */
export const defaultBreachedPasswordSettings: BreachedPasswordSettings = { enabled: true, threshold: 1, onUnavailable: 'allow' };

export const BREACHED_SETTINGS_KEY = 'breached-passwords';

/** The breached-password settings document and its routes (ADR 0003). */
export const breachedPasswordsDocument = defineSettings<BreachedPasswordSettings>({
  key: BREACHED_SETTINGS_KEY,
  schema: breachedPasswordSettings,
  defaults: defaultBreachedPasswordSettings,
  read: ['settings:password-policy'],
  write: [{ permission: 'settings:password-policy' }],
  stepUp: true,
  audit: { action: 'settings.breached_passwords_updated' },
  route: {
    path: '/settings/breached-passwords',
    summary: { get: 'Breached-password check: on or off, threshold, outage behaviour', put: 'Save the breached-password check settings' },
    description: {
      put: '`threshold`: a password seen at least this many times is refused (1-1,000,000). `onUnavailable`: `allow` (fail open, the default) or `refuse` (fail closed).',
    },
  },
});
