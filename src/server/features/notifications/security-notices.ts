import type { Repos } from '../../db/repos.js';
import { notificationAddresses } from './notifier.js';
import type { User } from '../../core/identity.js';

/**
 * Where security notices go: the primary and alternate addresses, the email registered for
 * password reset, and any address the change concerns (the old one of a replaced email: N4),
 * each once. With none of these, the UPN (reference §7.7).
 */
export async function securityNoticeAddresses(tx: Repos, user: User, extra: string[]): Promise<string[]> {
  const registered = (await tx.securityInfo.methods(user.id)).filter((m) => m.kind === 'email').map((m) => m.value);
  const all = notificationAddresses({ mail: user.mail, otherMails: [...user.otherMails, ...registered, ...extra] });
  return all.length ? all : [user.userPrincipalName];
}
