import { iso, type Clock } from '../../core/clock.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { Locale } from '../../i18n/index.js';
import { queueUserMail } from '../notifications/notifier.js';
import type { PasswordPolicy } from './engine.js';
import { expiryStatus } from './expiry.js';

const DAY_MS = 86_400_000;

/**
 * Queues one reminder mail per password inside the notification window before it expires (a
 * reminder Microsoft dropped and users of peers ask for). Safe to run on several servers at once:
 * the reminder is claimed with a compare-and-set in the same transaction that queues the mail.
 * @returns the number of users reminded.
 */
export async function sendExpiryReminders(deps: {
  repos: Repos;
  transact: Transact;
  clock: Clock;
  policy: PasswordPolicy;
  defaultLocale: () => Promise<Locale>;
}): Promise<number> {
  const settings = await deps.policy.policySettings();
  if (settings.expiration.neverExpire) return 0;
  const now = deps.clock.now();
  const { validityDays, notificationDays } = settings.expiration;
  // Changed between validity and (validity - notification) days ago: expiring within the window, not yet expired.
  const changedFrom = new Date(now.getTime() - validityDays * DAY_MS + 1);
  const changedBefore = new Date(now.getTime() - (validityDays - notificationDays) * DAY_MS + 1);
  const defaultLocale = await deps.defaultLocale();
  let reminded = 0;
  // Bounded: each pass marks every user it read, so a batch never comes back; 500 batches is 100,000 users.
  for (let batch = 0; batch < 500; batch++) {
    const users = await deps.repos.users.dueForExpiryReminder(changedFrom, changedBefore, 200);
    if (!users.length) return reminded;
    for (const user of users) {
      const status = expiryStatus(user, settings, now);
      const sent = await deps.transact(async (tx) => {
        if (!status.remind || !status.expiresAt || !(await tx.users.markExpiryReminded(user.id, user.lastPasswordChangeAt!))) return false;
        await queueUserMail(
          tx,
          user,
          'password-expiry-reminder',
          { expiresAt: iso(status.expiresAt), daysLeft: status.daysLeft },
          { at: now, defaultLocale, addresses: user.mail ? [user.mail] : [] },
        );
        return true;
      });
      if (sent) reminded++;
      else await deps.repos.users.markExpiryReminded(user.id, user.lastPasswordChangeAt!);
    }
  }
  return reminded;
}
