import { seal } from '../../core/crypto.js';
import { AppError, type Issue } from '../../core/errors.js';
import type { Principal, RequestContext, User } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import { isLocale, type Locale } from '../../i18n/index.js';

/** Microsoft 365's limit on "Email the password to the following recipients". */
export const MAX_RESULT_RECIPIENTS = 5;
/** The template of the mail with one user's new password (email-result-template.ts). */
export const RESULT_TEMPLATE = 'password-reset-result';
/** The seal purpose the outbox worker opens mail payloads with (services.ts mailContext). */
const MAIL_SEAL_PURPOSE = 'mail-payload';

/** `emailResult` of an admin reset request (a Latchkey field: Graph has no equivalent). */
export interface EmailResultRequest {
  /** The signed-in admin's own address (their mail, else their user principal name). */
  toMe?: boolean | undefined;
  /** Up to five more addresses. */
  recipients?: string[] | undefined;
}

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A mailbox address with its domain in lower case, or null when it is not one (no display names, no comments, no IP literals). */
export function normaliseAddress(raw: string): string | null {
  const value = raw.trim();
  const at = value.lastIndexOf('@');
  if (at < 1 || value.length > 254) return null;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).toLowerCase();
  const labels = domain.split('.');
  if (local.length > 64 || !LOCAL.test(local) || labels.length < 2 || domain.length > 253 || !labels.every((l) => LABEL.test(l))) return null;
  return `${local}@${domain}`;
}

/** Every address of a user: their user principal name, mail and alternate emails, compared case-insensitively. */
function addressKeys(user: Pick<User, 'userPrincipalName' | 'mail' | 'otherMails'>): Set<string> {
  return new Set([user.userPrincipalName, user.mail, ...user.otherMails].filter((a): a is string => !!a).map((a) => a.toLowerCase()));
}

export interface EmailResultDeps {
  repos: Repos;
  secret: string;
}

/**
 * "Email the password to the following recipients" (issue 13): who may receive a reset's result,
 * and the mail itself. Recipients are checked before anything is written (a refusal changes
 * nothing): valid addresses, at most five, only at the organisation's verified domains (the admin's
 * own address too), and never an address of a user whose password it is. Each mail carries one
 * user's name and password, sealed in the outbox as the set-password link's token is (checklist S9).
 */
export function createEmailResult(deps: EmailResultDeps) {
  const { repos } = deps;

  return {
    /**
     * The validated recipients (normalised, without repeats), or [] when no mail was asked for.
     * `targets`: the users being reset (a single reset), or the ids of a bulk job's users, whose
     * user principal names and primary addresses are looked up (their alternate addresses are
     * checked again per user by {@link assertNotTarget}).
     * @throws AppError reset_email.refused, with an issue per problem
     */
    async resolve(actor: Principal, request: EmailResultRequest | undefined, targets: { users: User[] } | { ids: ReadonlySet<string> }): Promise<string[]> {
      const entries: { raw: string; path: string }[] = (request?.recipients ?? []).map((raw, i) => ({ raw, path: `emailResult.recipients.${i}` }));
      if (request?.toMe) entries.unshift({ raw: actor.user.mail ?? actor.user.userPrincipalName, path: 'emailResult.toMe' });
      if (!entries.length) return [];
      const issues: Issue[] = [];
      const seen = new Map<string, { address: string; path: string }>();
      for (const { raw, path } of entries) {
        const address = normaliseAddress(raw);
        if (!address) issues.push({ path, code: 'reset_email.invalid_address', params: { address: raw.trim().slice(0, 254) } });
        else if (!seen.has(address.toLowerCase())) seen.set(address.toLowerCase(), { address, path });
      }
      const named = [...seen.values()].filter((r) => r.path !== 'emailResult.toMe').length;
      if (named > MAX_RESULT_RECIPIENTS)
        issues.push({ path: 'emailResult.recipients', code: 'reset_email.too_many', params: { maximum: MAX_RESULT_RECIPIENTS } });
      const verified = new Set((await repos.organization.get())?.domains.filter((d) => d.isVerified).map((d) => d.name.toLowerCase()));
      const targetKeys = 'users' in targets ? new Set(targets.users.flatMap((u) => [...addressKeys(u)])) : new Set<string>();
      const targetIds = 'ids' in targets ? targets.ids : undefined;
      for (const [key, { address, path }] of seen) {
        const domain = address.slice(address.lastIndexOf('@') + 1);
        const owner = targetIds ? await repos.users.findBySignInName(key) : undefined;
        if (targetKeys.has(key) || (owner && targetIds?.has(owner.id))) issues.push({ path, code: 'reset_email.recipient_is_user', params: { address } });
        else if (!verified.has(domain)) issues.push({ path, code: 'reset_email.domain_not_verified', params: { address, domain } });
      }
      if (issues.length) throw new AppError('reset_email.refused', { issues });
      return [...seen.values()].map((r) => r.address);
    },

    /**
     * Refuses recipients that are this user's own addresses (a bulk job checks each user when it
     * resets them: an address may have been added since the job started). Call before the write.
     * @throws AppError reset_email.refused
     */
    assertNotTarget(recipients: readonly string[], target: User): void {
      const keys = addressKeys(target);
      const own = recipients.filter((r) => keys.has(r.toLowerCase()));
      if (own.length)
        throw new AppError('reset_email.refused', {
          issues: [{ path: 'emailResult.recipients', code: 'reset_email.recipient_is_user', params: { address: own.join('; ') } }],
        });
    },

    /**
     * Queues one mail per recipient with this one user's name and new password, in the reset's
     * transaction (the mail exists exactly when the reset committed), and one audit event naming
     * the recipients (never the password). Each mail is in the recipient's language when a user
     * has that address, else the organisation's.
     */
    async queue(
      tx: Repos,
      mail: {
        actor: { id: string | null; name: string };
        target: User;
        password: string;
        mustChange: boolean;
        recipients: readonly string[];
        ctx: RequestContext;
        source: string;
        at: Date;
        /** The organisation's language, read before the transaction (SQLite has one connection). */
        defaultLocale: Locale;
      },
    ): Promise<void> {
      const { defaultLocale } = mail;
      const sealedPassword = seal(deps.secret, MAIL_SEAL_PURPOSE, mail.password);
      for (const recipient of mail.recipients) {
        const user = await tx.users.findBySignInName(recipient.toLowerCase());
        await tx.outbox.enqueue(
          {
            channel: 'email',
            recipient,
            template: RESULT_TEMPLATE,
            locale: isLocale(user?.preferredLanguage) ? user.preferredLanguage : defaultLocale,
            payload: {
              // The greeting is the recipient's; the user whose password it is has their own fields.
              displayName: user?.displayName ?? null,
              userPrincipalName: recipient,
              adminName: mail.actor.name,
              targetName: mail.target.displayName,
              targetUserPrincipalName: mail.target.userPrincipalName,
              mustChange: mail.mustChange,
              sealedPassword,
            },
            userId: user?.id ?? null,
          },
          mail.at,
        );
      }
      await tx.audit.append(
        {
          action: 'user.password_result_emailed',
          outcome: 'success',
          actorId: mail.actor.id,
          actorName: mail.actor.name,
          targetId: mail.target.id,
          targetName: mail.target.userPrincipalName,
          ...mail.ctx,
          details: { recipients: mail.recipients.join('; '), source: mail.source },
        },
        mail.at,
      );
    },
  };
}

export type EmailResult = ReturnType<typeof createEmailResult>;
