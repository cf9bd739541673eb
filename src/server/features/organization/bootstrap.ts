import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/crypto.js';
import type { Repos, Transact } from '../../db/repos.js';
import type { PasswordHasher } from '../passwords/hasher.js';
import { generatePassword } from '../passwords/generate.js';

export interface BootstrapResult {
  organizationName: string;
  adminUserPrincipalName: string;
  /** The one-time temporary password; shown once on the console, never stored in clear. */
  adminPassword: string;
}

/**
 * On first start with an empty database, creates the organisation and a Global Administrator
 * `admin@<domain>` with a generated temporary password that must be changed at first sign-in.
 * @returns what was created, or null when the organisation already exists.
 */
export async function bootstrapOrganization(
  deps: { repos: Repos; transact: Transact; hasher: PasswordHasher; clock: Clock },
  options: { organizationName: string; domain: string; defaultLanguage: string },
): Promise<BootstrapResult | null> {
  if (await deps.repos.organization.get()) return null;
  const password = generatePassword(16);
  const hash = await deps.hasher.hash(password);
  const upn = `admin@${options.domain.toLowerCase()}`;
  const now = deps.clock.now();
  try {
    await deps.transact(async (tx) => {
      if (await tx.organization.get()) throw new AlreadyBootstrapped();
      await tx.organization.create({ id: newId(), name: options.organizationName, defaultLanguage: options.defaultLanguage, domain: options.domain }, now);
      const id = newId();
      await tx.users.insert({
        id,
        userPrincipalName: upn,
        displayName: 'Administrator',
        mail: upn,
        passwordHash: hash,
        forceChangePassword: true,
        roles: ['global-administrator'],
        now,
      });
      await tx.audit.append(
        {
          action: 'organization.created',
          outcome: 'success',
          actorName: 'system',
          targetId: id,
          targetName: upn,
          details: { organization: options.organizationName },
        },
        now,
      );
    });
  } catch (err) {
    // Another server bootstrapped first (its organization row committed before ours).
    if (err instanceof AlreadyBootstrapped) return null;
    throw err;
  }
  return { organizationName: options.organizationName, adminUserPrincipalName: upn, adminPassword: password };
}

class AlreadyBootstrapped extends Error {}
