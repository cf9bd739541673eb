import { iso } from '../../core/clock.js';
import type { RequestContext, User } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import { queueUserMail, requestDetails } from '../notifications/notifier.js';
import { securityNoticeAddresses } from '../notifications/security-notices.js';

/**
 * Suspicious-activity notices (checklist N6), in the user's language: what happened, when, the
 * approximate device and address; never a code, a password or a token.
 * - 'mfa-failures': the MFA step was locked after too many wrong second factors in a row;
 * - 'unfamiliar-sign-in': a right password from a browser never used before, after failed sign-ins.
 */
export async function queueSuspiciousActivity(
  tx: Repos,
  user: User,
  kind: 'mfa-failures' | 'unfamiliar-sign-in',
  ctx: RequestContext,
  details: { at: Date; defaultLocale: Locale; failures: number },
): Promise<void> {
  const addresses = await securityNoticeAddresses(tx, user, []);
  await queueUserMail(
    tx,
    user,
    kind === 'mfa-failures' ? 'suspicious-mfa-failures' : 'suspicious-unfamiliar-sign-in',
    { occurredAt: iso(details.at), failures: details.failures, ...requestDetails(ctx) },
    { at: details.at, defaultLocale: details.defaultLocale, addresses },
  );
}
