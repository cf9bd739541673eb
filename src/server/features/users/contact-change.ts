import { iso } from '../../core/clock.js';
import type { RequestContext, User } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import { isLocale, type Locale } from '../../i18n/index.js';
import { notificationAddresses, queueUserMail } from '../notifications/notifier.js';
import type { ContactField } from '../notifications/templates.js';
import { parsePhone } from './validation.js';

/**
 * Voids what was sent to an address or number that is being replaced (checklist R8b; Keycloak's
 * `changeEmailAddressAfterSendingEmail`): open self-service reset flows end (their codes with them),
 * pending security-info registrations lose their codes, and open set-password links are revoked.
 * Runs in the change's transaction. @returns how many open links were revoked
 */
export async function voidSentToOldContact(tx: Repos, userId: string, at: Date): Promise<number> {
  await tx.recovery.failOpenFlows(userId, 'contact_replaced', at);
  for (const kind of ['email', 'mobilePhone', 'officePhone'] as const) await tx.securityInfo.dropVerifications(userId, kind);
  return tx.passwordLinks.revokeForUser(userId, at);
}

/**
 * Tells the user that an admin changed their contact details (checklist N4), at every address
 * before AND after the change: the old one so a hijack is noticed, the new one to confirm. Names
 * the fields only (no values, no codes or links). Runs in the change's transaction.
 * @returns how many notices were queued
 */
export async function notifyContactChange(
  tx: Repos,
  before: User,
  after: Pick<User, 'mail' | 'otherMails' | 'mobilePhone'>,
  fields: readonly ContactField[],
  ctx: RequestContext,
  at: Date,
  defaultLocale: Locale,
): Promise<number> {
  const addresses = notificationAddresses({ mail: before.mail, otherMails: [...before.otherMails, ...(after.mail ? [after.mail] : []), ...after.otherMails] });
  if (!fields.length) return 0;
  const payload = { fields: fields.join(' '), occurredAt: iso(at), ipAddress: ctx.ipAddress, userAgent: ctx.userAgent };
  let queued = addresses.length ? await queueUserMail(tx, before, 'contact-details-changed', payload, { at, defaultLocale, addresses }) : 0;
  // A replaced mobile number: the old number gets a text too (a hijacker would change it first), and the new one.
  if (fields.includes('mobilePhone')) {
    const numbers = [...new Set([before.mobilePhone, after.mobilePhone].map((n) => (n ? parsePhone(n) : null)).filter((n): n is string => !!n))];
    const locale = isLocale(before.preferredLanguage) ? before.preferredLanguage : defaultLocale;
    for (const recipient of numbers) {
      await tx.outbox.enqueue({ channel: 'sms', recipient, template: 'contact-details-changed', locale, payload: {}, userId: before.id }, at);
      queued++;
    }
  }
  return queued;
}
