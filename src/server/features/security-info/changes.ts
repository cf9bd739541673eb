import { iso, type Clock } from '../../core/clock.js';
import type { RequestContext, User } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import type { MethodKind } from '../../../shared/methods.js';
import { queueUserMail } from '../notifications/notifier.js';
import { securityNoticeAddresses } from '../notifications/security-notices.js';
import { voidSentToOldContact } from '../users/contact-change.js';

/** Audit, notice to the old addresses (checklist N4) and "confirmed now", in the caller's transaction. */
// `defaultLocale` is read before the transaction: SQLite has one connection, which the transaction holds.
export async function recordChange(
  tx: Repos,
  clock: Clock,
  user: User,
  change: 'added' | 'removed' | 'replaced',
  kind: MethodKind,
  ctx: RequestContext,
  extraAddresses: string[],
  defaultLocale: Locale,
): Promise<void> {
  const now = clock.now();
  await tx.securityInfo.markConfirmed(user.id, now);
  // A replaced or removed address or number: the codes and links sent to it stop working (checklist R8b).
  const voided: Record<string, number> = change !== 'added' && isAddress(kind) ? { linksRevoked: await voidSentToOldContact(tx, user.id, now) } : {};
  await tx.audit.append(
    {
      action: `security_info.method_${change}`,
      outcome: 'success',
      actorId: user.id,
      actorName: user.userPrincipalName,
      targetId: user.id,
      targetName: user.userPrincipalName,
      ...ctx,
      details: { method: kind, ...voided },
    },
    now,
  );
  const addresses = await securityNoticeAddresses(tx, user, extraAddresses);
  await queueUserMail(
    tx,
    user,
    'security-info-changed',
    { change, method: kind, occurredAt: iso(now), ipAddress: ctx.ipAddress, userAgent: ctx.userAgent },
    { at: now, defaultLocale, addresses },
  );
}

/** Methods with an address or number that codes are sent to. */
const isAddress = (kind: MethodKind): boolean => kind === 'email' || kind === 'mobilePhone' || kind === 'officePhone';
