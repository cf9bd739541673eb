import type { Repos } from '../../db/repos.js';
import { isLocale, type Locale } from '../../i18n/index.js';
import type { RequestContext } from '../../core/identity.js';
import type { User } from '../../core/identity.js';

/** Every address a user's security notices go to: the primary and each alternate, once each (checklist N1, N2). */
export function notificationAddresses(user: Pick<User, 'mail' | 'otherMails'>): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const address of [user.mail, ...user.otherMails]) {
    if (!address) continue;
    const key = address.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      result.push(address);
    }
  }
  return result;
}

/**
 * Queues notifications inside the caller's transaction (the transactional outbox): the mail
 * exists exactly when the change it reports committed.
 */
export async function queueUserMail(
  tx: Repos,
  user: User,
  /** A template name in the application's registry (an unknown one fails at delivery). */
  template: string,
  payload: Record<string, string | number | boolean | null>,
  options: { at: Date; defaultLocale: Locale; addresses?: string[] },
): Promise<number> {
  const locale = isLocale(user.preferredLanguage) ? user.preferredLanguage : options.defaultLocale;
  const addresses = options.addresses ?? notificationAddresses(user);
  const base = { displayName: user.displayName, userPrincipalName: user.userPrincipalName };
  for (const recipient of addresses) {
    await tx.outbox.enqueue({ channel: 'email', recipient, template, locale, payload: { ...base, ...payload }, userId: user.id }, options.at);
  }
  return addresses.length;
}

/** The request details a notice shows (approximate device and IP), never anything secret. */
export function requestDetails(ctx: RequestContext): { ipAddress: string | null; userAgent: string | null } {
  return { ipAddress: ctx.ipAddress, userAgent: ctx.userAgent };
}
