/*
 * The directory connector (issue 14): DirectoryConnector (port.ts) over ldapts for OpenLDAP and
 * Active Directory. Searches and resets use the service account's connection; a user's bind and
 * own change use a connection of their own. Every failure is an AppError directory.*
 * (ldap-errors.ts): an outage is directory.unavailable and changes nothing.
 */
import type { Client, Entry } from 'ldapts';
import type { Config } from '../../config/schema.js';
import { AppError } from '../../core/errors.js';
import { directoryConnectionFrom, type DirectoryConnectionSettings } from './config.js';
import { BUFFER_ATTRIBUTES, GROUP_ATTRIBUTES, toDirectoryEntry, toDirectoryGroup, userAttributes } from './connector-entry.js';
import { createPasswordOperations } from './connector-passwords.js';
import { createServiceConnection } from './connector-session.js';
import { ldapResultCode, toDirectoryError } from './ldap-errors.js';
import type { DirectoryConnector, DirectoryEntry } from '../../core/directory.js';

export interface DirectoryConnectorDeps {
  /** The domain of `uid@domain` user principal names on OpenLDAP entries without mail. */
  defaultDomain: string;
  log?: { warn(details: object, message: string): void };
}

/** RFC 4515 escaping of a filter value (\ * ( ) NUL), so a name or DN cannot widen a filter (checklist I7). */
export function escapeFilter(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const MARKER_FORMAT = { openldap: /^\d{14}(\.\d+)?Z$/, 'active-directory': /^\d+$/ };

/**
 * The connector for these settings. Nothing connects until the first call.
 * Methods throw AppError directory.unavailable / directory.misconfigured / directory.password_refused (see port.ts).
 */
export function createDirectoryConnector(settings: DirectoryConnectionSettings, deps: DirectoryConnectorDeps): DirectoryConnector {
  const service = createServiceConnection(settings);
  const kind = settings.kind;
  const attributes = userAttributes(settings);
  const map = (entry: Entry) => toDirectoryEntry(entry, settings, deps.defaultDomain);
  const fail = (err: unknown) => toDirectoryError(err, { kind, operation: 'service' });
  /** OpenLDAP: the newest modifyTimestamp seen, so the next marker search reads only what changed since. */
  let newestSeen: string | null = null;

  /** Without the memberof overlay entries carry no memberOf: fill `groups` from one group search per page. */
  const fillGroupsBySearch = async (client: Client, entries: DirectoryEntry[]) => {
    if (kind !== 'openldap' || entries.length === 0 || entries.some((e) => e.groups.length > 0)) return;
    const members = entries.map((e) => `(member=${escapeFilter(e.dn)})(uniqueMember=${escapeFilter(e.dn)})`).join('');
    const { searchEntries } = await client.search(settings.baseDn, {
      scope: 'sub',
      filter: `(&${settings.groupFilter}(|${members}))`,
      attributes: ['member', 'uniqueMember'],
    });
    const byDn = new Map(entries.map((e) => [e.dn.toLowerCase(), e]));
    for (const group of searchEntries.map(toDirectoryGroup)) {
      for (const member of group.members) byDn.get(member.toLowerCase())?.groups.push(group.dn);
    }
  };

  const searchOne = async (filter: string, base = settings.baseDn, scope: 'sub' | 'base' = 'sub'): Promise<DirectoryEntry[]> =>
    service
      .run(async (client) => {
        try {
          const { searchEntries } = await client.search(base, { scope, filter, attributes, explicitBufferAttributes: BUFFER_ATTRIBUTES, sizeLimit: 2 });
          const entries = searchEntries.map(map);
          await fillGroupsBySearch(client, entries);
          return entries;
        } catch (err) {
          const code = ldapResultCode(err);
          if (code === 32 && scope === 'base') return []; // noSuchObject: the user is gone
          if (code === 4) return [{}, {}] as DirectoryEntry[]; // sizeLimitExceeded: more than one
          throw err;
        }
      })
      .catch((err: unknown) => {
        throw fail(err);
      });

  const passwords = createPasswordOperations({ settings, service, readUser: (dn) => connector.readUser(dn) });

  const connector: DirectoryConnector = {
    kind,
    async changeMarker() {
      if (kind === 'active-directory') {
        const [root] = await service
          .run((client) => client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['highestCommittedUSN'] }))
          .then((r) => r.searchEntries)
          .catch((err: unknown) => {
            throw fail(err);
          });
        const usn = root?.highestCommittedUSN;
        if (typeof usn !== 'string' || !/^\d+$/.test(usn)) throw new AppError('directory.misconfigured', { params: { reason: 'no_usn' } });
        return usn;
      }
      // OpenLDAP has no server clock to read: the newest modifyTimestamp among the users is the marker.
      // Later searches use >=, so an entry changed in that same second is read again, never missed.
      const filter = newestSeen ? `(&${settings.userFilter}(modifyTimestamp>=${newestSeen}))` : settings.userFilter;
      let newest = newestSeen ?? '19700101000000Z';
      try {
        const client = await service.client();
        for await (const page of client.searchPaginated(settings.baseDn, {
          scope: 'sub',
          filter,
          attributes: ['modifyTimestamp'],
          paged: { pageSize: 1000 },
        })) {
          for (const entry of page.searchEntries) {
            const ts = typeof entry.modifyTimestamp === 'string' ? entry.modifyTimestamp : '';
            if (MARKER_FORMAT.openldap.test(ts) && ts > newest) newest = ts;
          }
        }
      } catch (err) {
        throw fail(err);
      }
      newestSeen = newest;
      return newest;
    },

    async *searchUsers({ since, signal, pageSize = 500 }) {
      const changeAttribute = settings.attributes.changeMarker[0]!;
      if (since && !MARKER_FORMAT[kind].test(since)) throw new Error(`not a ${kind} change marker: ${since}`);
      const filter = since ? `(&${settings.userFilter}(${changeAttribute}>=${since}))` : settings.userFilter;
      let client: Client;
      try {
        client = await service.client();
      } catch (err) {
        throw fail(err);
      }
      const pages = client.searchPaginated(settings.baseDn, {
        scope: 'sub',
        filter,
        attributes,
        explicitBufferAttributes: BUFFER_ATTRIBUTES,
        paged: { pageSize },
      });
      while (!signal?.aborted) {
        let entries: DirectoryEntry[];
        try {
          const next = await pages.next();
          if (next.done) return;
          entries = next.value.searchEntries.map(map);
          await fillGroupsBySearch(client, entries);
        } catch (err) {
          throw fail(err);
        }
        if (entries.length) yield entries;
      }
      await pages.return(undefined);
    },

    async searchGroups() {
      try {
        const client = await service.client();
        const groups = [];
        for await (const page of client.searchPaginated(settings.baseDn, {
          scope: 'sub',
          filter: settings.groupFilter,
          attributes: GROUP_ATTRIBUTES,
          explicitBufferAttributes: BUFFER_ATTRIBUTES,
          paged: { pageSize: 500 },
        })) {
          groups.push(...page.searchEntries.map(toDirectoryGroup));
        }
        return groups;
      } catch (err) {
        throw fail(err);
      }
    },

    async readUser(dn) {
      const [entry] = await searchOne(settings.userFilter, dn, 'base');
      return entry ?? null;
    },

    async findUser(name) {
      const trimmed = name.trim();
      if (!trimmed) return null;
      // Escaped (RFC 4515) so a name cannot widen the filter (checklist I7).
      const value = escapeFilter(trimmed);
      const [local, domain] = trimmed.toLowerCase().split('@');
      const names =
        kind === 'active-directory'
          ? `(sAMAccountName=${value})(userPrincipalName=${value})(mail=${value})`
          : `(${settings.attributes.uid[0]}=${value})(mail=${value})${domain === deps.defaultDomain.toLowerCase() && local ? `(${settings.attributes.uid[0]}=${escapeFilter(local)})` : ''}`;
      const found = await searchOne(`(&${settings.userFilter}(|${names}))`);
      return found.length === 1 ? found[0]! : null;
    },

    verifyBind: passwords.verifyBind,
    changePassword: passwords.changePassword,
    resetPassword: passwords.resetPassword,
    unlock: passwords.unlock,

    async ping() {
      await service
        .run((client) => client.search(settings.baseDn, { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'] }))
        .catch((err: unknown) => {
          throw fail(err);
        });
    },

    close: () => service.close(),
  };
  return connector;
}

/**
 * The one connector of a server (services.ts), or null when no directory is configured.
 * @throws AppError directory.misconfigured when the CA file cannot be read
 */
export function createDirectoryConnectorFromConfig(
  config: Config,
  deps: Omit<DirectoryConnectorDeps, 'defaultDomain'> & { defaultDomain?: string },
): DirectoryConnector | null {
  const settings = directoryConnectionFrom(config);
  if (!settings) return null;
  return createDirectoryConnector(settings, { ...deps, defaultDomain: deps.defaultDomain ?? config.defaultDomain });
}
