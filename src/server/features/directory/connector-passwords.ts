/*
 * The connector's password operations (issue 14): the user's bind, the user's own change, the
 * administrator's reset and unlock. OpenLDAP: RFC 3062 Password Modify with the ppolicy control,
 * so the directory's own rules (length, history, age) decide and say why. AD: unicodePwd.
 */
import { Attribute, Change, type Client } from 'ldapts';
import { AppError } from '../../core/errors.js';
import type { DirectoryConnectionSettings } from './config.js';
import { OPENLDAP_DISABLED } from './connector-entry.js';
import { openClient, quietUnbind, within, type ServiceConnection } from './connector-session.js';
import { adDiagnostic, isCertificateFailure, isConnectionFailure, ldapResultCode, passwordRefused, toDirectoryError } from './ldap-errors.js';
import { PASSWORD_MODIFY_OID, PasswordPolicyControl, passwordModifyRequest } from './password-modify.js';
import type { BindVerdict, DirectoryConnector, DirectoryEntry } from '../../core/directory.js';
import { encodeUnicodePwd } from './unicode-pwd.js';

type PasswordOperations = Pick<DirectoryConnector, 'verifyBind' | 'changePassword' | 'resetPassword' | 'unlock'>;

/** AD bind "data" codes (Win32 errors in the 80090308 diagnostic) → verdict; unknown = wrong. */
const AD_BIND_DATA: Record<string, BindVerdict> = {
  '52e': 'wrong',
  '525': 'wrong', // no such user: the same answer as a wrong password
  '775': 'locked',
  '533': 'disabled',
  '701': 'disabled', // account expired
  '530': 'disabled', // not allowed at this time
  '531': 'disabled', // not allowed from this workstation
  '532': 'expired',
  '773': 'must_change',
};

/** The verdict an AD bind failure's diagnostic names ("… AcceptSecurityContext error, data 775, v4563"). */
export function adBindVerdict(message: string): BindVerdict {
  const { data } = adDiagnostic(message);
  return (data && AD_BIND_DATA[data]) || 'wrong';
}

const fieldValue = (entry: Record<string, unknown>, name: string) => {
  const v = entry[name];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : null;
};

export function createPasswordOperations(deps: {
  settings: DirectoryConnectionSettings;
  service: ServiceConnection;
  readUser(dn: string): Promise<DirectoryEntry | null>;
}): PasswordOperations {
  const { settings, service } = deps;
  const kind = settings.kind;
  const openldap = kind === 'openldap';
  const failPassword = (err: unknown, ppolicy?: PasswordPolicyControl) =>
    toDirectoryError(err, { kind, operation: 'password', ...(ppolicy ? { ppolicy } : {}) });

  /** Binds as the user on a fresh connection; resolves the verdict and hands the bound client to `then` when the bind succeeded. */
  const userBind = async <T>(
    dn: string,
    password: string,
    then: (client: Client, verdict: BindVerdict) => Promise<T>,
    onFail: (verdict: BindVerdict) => T,
  ): Promise<T> => {
    // An empty password would be an unauthenticated bind, which succeeds (RFC 4513 5.1.2): never send it.
    if (!password) return onFail('wrong');
    let client: Client | null = null;
    const ppolicy = new PasswordPolicyControl();
    try {
      client = await openClient(settings);
      const bound = client;
      try {
        await within(bound.bind(dn, password, openldap ? [ppolicy] : []), settings.timeoutMs, () => void quietUnbind(bound));
      } catch (err) {
        if (isConnectionFailure(err) || isCertificateFailure(err) || ldapResultCode(err) !== 49) throw err;
        return onFail(await failedBindVerdict(dn, err, ppolicy));
      }
      const verdict: BindVerdict =
        ppolicy.error === 'changeAfterReset' ? 'must_change' : ppolicy.graceAuthNsRemaining !== null || ppolicy.error === 'passwordExpired' ? 'expired' : 'ok';
      return await then(bound, verdict);
    } catch (err) {
      if (err instanceof AppError) throw err;
      // Any LDAP refusal of the bind other than 49 (e.g. unwillingToPerform): not proven, fail closed.
      // Outages and certificate failures carry no LDAP result code: directory.unavailable / misconfigured.
      if (ldapResultCode(err) !== null) return onFail('wrong');
      throw toDirectoryError(err, { kind, operation: 'service' });
    } finally {
      await quietUnbind(client);
    }
  };

  /** Why a bind was refused with invalidCredentials: ppolicy's control (OpenLDAP) or AD's data code. */
  const failedBindVerdict = async (dn: string, err: unknown, ppolicy: PasswordPolicyControl): Promise<BindVerdict> => {
    if (!openldap) return adBindVerdict(err instanceof Error ? err.message : '');
    if (ppolicy.error === 'passwordExpired') return 'expired';
    if (ppolicy.error !== 'accountLocked') return 'wrong';
    // ppolicy says "locked" for the disabled value too; the service account tells them apart.
    const user = await deps.readUser(dn).catch(() => null);
    return user && !user.enabled ? 'disabled' : 'locked';
  };

  const passwordModify = async (client: Client, value: Parameters<typeof passwordModifyRequest>[0]) => {
    const ppolicy = new PasswordPolicyControl();
    try {
      await client.exop(PASSWORD_MODIFY_OID, passwordModifyRequest(value), [ppolicy]);
    } catch (err) {
      throw failPassword(err, ppolicy);
    }
  };

  /** Deletes an attribute, and is content when it was not there (noSuchAttribute, 16). */
  const deleteIfPresent = async (client: Client, dn: string, attribute: Attribute) => {
    try {
      await client.modify(dn, new Change({ operation: 'delete', modification: attribute }));
    } catch (err) {
      if (ldapResultCode(err) !== 16) throw err;
    }
  };

  const unlock = async (dn: string): Promise<void> => {
    await service
      .run(async (client) => {
        if (!openldap) {
          await client.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'lockoutTime', values: ['0'] }) }));
          return;
        }
        const { searchEntries } = await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: ['pwdAccountLockedTime'] });
        const locked = searchEntries[0] ? fieldValue(searchEntries[0], 'pwdAccountLockedTime') : null;
        // The "disabled" value is not a lock: unlocking must not enable an account the directory disabled.
        if (!locked || locked === OPENLDAP_DISABLED) return;
        // Deleting that exact value (ppolicy then drops pwdFailureTime too); a lock set again meanwhile stays.
        await deleteIfPresent(client, dn, new Attribute({ type: 'pwdAccountLockedTime', values: [locked] }));
      })
      .catch((err: unknown) => {
        throw toDirectoryError(err, { kind, operation: 'user' });
      });
  };

  return {
    async verifyBind(dn, password) {
      return userBind(
        dn,
        password,
        async (_client, verdict) => verdict,
        (verdict) => verdict,
      );
    },

    /** @throws AppError directory.password_refused (issues: the rule, or directory.current_password_wrong), directory.unavailable */
    async changePassword(dn, oldPassword, newPassword) {
      if (!openldap) {
        // AD: delete the old value and add the new one in one modify: a change (old password checked, history applied), not a reset.
        await service
          .run((client) =>
            client.modify(dn, [
              new Change({ operation: 'delete', modification: new Attribute({ type: 'unicodePwd', values: [encodeUnicodePwd(oldPassword)] }) }),
              new Change({ operation: 'add', modification: new Attribute({ type: 'unicodePwd', values: [encodeUnicodePwd(newPassword)] }) }),
            ]),
          )
          .catch((err: unknown) => {
            if (adDiagnostic(err instanceof Error ? err.message : '').code === '00000056') throw passwordRefused(kind, 'directory.current_password_wrong', err);
            throw failPassword(err);
          });
        return;
      }
      const refusedBind = await userBind(
        dn,
        oldPassword,
        async (client) => {
          await passwordModify(client, { oldPassword, newPassword });
          return null;
        },
        (verdict) => verdict,
      );
      if (refusedBind === null) return;
      if (refusedBind !== 'expired') {
        throw passwordRefused(kind, refusedBind === 'wrong' ? 'directory.current_password_wrong' : 'directory.password_constraint');
      }
      // Expired without grace binds: the user cannot bind to change it, so the service account asks for the
      // change WITH the old password, which slapd verifies itself (RFC 3062 oldPasswd); ppolicy's rules still apply.
      await service
        .run((client) => passwordModify(client, { userIdentity: dn, oldPassword, newPassword }))
        .catch((err: unknown) => {
          throw failPassword(err);
        });
    },

    /** @throws AppError directory.password_refused, directory.unavailable */
    async resetPassword(dn, newPassword, { mustChange }) {
      await service
        .run(async (client) => {
          if (!openldap) {
            await client.modify(
              dn,
              new Change({ operation: 'replace', modification: new Attribute({ type: 'unicodePwd', values: [encodeUnicodePwd(newPassword)] }) }),
            );
            await client.modify(dn, [
              new Change({ operation: 'replace', modification: new Attribute({ type: 'pwdLastSet', values: [mustChange ? '0' : '-1'] }) }),
              new Change({ operation: 'replace', modification: new Attribute({ type: 'lockoutTime', values: ['0'] }) }),
            ]);
            return;
          }
          await passwordModify(client, { userIdentity: dn, newPassword });
          // ppolicy does not mark a reset by another account itself: say whether the user must change it.
          if (mustChange) await client.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'pwdReset', values: ['TRUE'] }) }));
          else await deleteIfPresent(client, dn, new Attribute({ type: 'pwdReset' }));
        })
        .catch((err: unknown) => {
          throw failPassword(err);
        });
      await unlock(dn);
    },

    unlock,
  };
}
