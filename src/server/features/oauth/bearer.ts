import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { Clock } from '../../core/clock.js';
import type { Principal, Session, User } from '../../core/identity.js';
import type { Repos } from '../../db/repos.js';
import type { RegisteredApp } from '../apps/store.js';
import { GRAPH_RESOURCE, LATCHKEY_RESOURCE, appPermissionsOf } from '../../../shared/apps.js';
import { permissionsOf } from '../../../shared/roles.js';
import type { SigningKeys } from './keys.js';

/*
 * Bearer authentication for the Graph surface (issue 15): verifies an access token issued by our
 * token endpoint and turns it into a Principal from the CURRENT state of the app and the user,
 * so disabling an app, revoking its consent or a permission, disabling a user or revoking their
 * sessions takes effect at once, not when the token expires (checklist SE4, A1).
 */

export interface BearerDeps {
  keys: SigningKeys;
  repos: Pick<Repos, 'apps' | 'users' | 'organization'>;
  clock: Clock;
  /** config.publicUrl's origin: then the issuer must be exactly `<origin>/<organisationId>/v2.0`. */
  publicOrigin: string | null;
}

/** The app's service principal as the pseudo-user of an app-only principal (see Principal.via). */
function appPseudoUser(app: RegisteredApp): User {
  return {
    id: app.id,
    userPrincipalName: app.displayName,
    displayName: app.displayName,
    givenName: null,
    surname: null,
    mail: null,
    otherMails: [],
    mobilePhone: null,
    businessPhones: [],
    department: null,
    jobTitle: null,
    accountEnabled: app.enabled,
    preferredLanguage: null,
    passwordHash: null,
    lastPasswordChangeAt: null,
    disablePasswordExpiration: true,
    disableStrongPassword: false,
    forceChangePassword: false,
    sessionsValidFrom: app.createdAt,
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
    onPremises: null,
  };
}

/**
 * Whether a sign-in at `at` (a token's auth_time: whole seconds) is not older than `validFrom`.
 * Compared in whole seconds: a sign-in in the same second as the revocation counts, or the sign-in
 * that follows a forced password change (same instant) would be refused.
 */
export function signedInSince(at: Date, validFrom: Date): boolean {
  return Math.floor(at.getTime() / 1000) >= Math.floor(validFrom.getTime() / 1000);
}

const seconds = (value: unknown): Date | null => (typeof value === 'number' ? new Date(value * 1000) : null);

/** `authenticate(token)` for the Graph plugin: the principal, or null for any invalid, expired, revoked or foreign token. */
export function createBearerAuthenticator(deps: BearerDeps): (token: string) => Promise<Principal | null> {
  async function verify(token: string): Promise<JWTPayload | null> {
    let kid: string | undefined;
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== 'RS256') return null;
      kid = header.kid;
    } catch {
      return null;
    }
    if (!kid) return null;
    const key = await deps.keys.verificationKey(kid);
    if (!key) return null;
    try {
      // Signature, audience (Graph or Latchkey's own resource; a token for another audience is refused) and lifetime at the injected clock.
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['RS256'],
        audience: [GRAPH_RESOURCE, LATCHKEY_RESOURCE],
        currentDate: deps.clock.now(),
        requiredClaims: ['exp', 'iat', 'iss', 'tid', 'idtyp', 'jti'],
      });
      return payload;
    } catch {
      return null;
    }
  }

  return async (token) => {
    const payload = await verify(token);
    if (!payload) return null;
    const org = await deps.repos.organization.get();
    if (!org || payload.tid !== org.id) return null;
    const issuerPath = `/${org.id}/v2.0`;
    const iss = String(payload.iss);
    if (deps.publicOrigin ? iss !== deps.publicOrigin + issuerPath : !/^https?:\/\/[^/]+$/.test(iss.slice(0, -issuerPath.length)) || !iss.endsWith(issuerPath))
      return null;
    const clientId = typeof payload.appid === 'string' ? payload.appid : typeof payload.azp === 'string' ? payload.azp : '';
    const app = await deps.repos.apps.findByClientId(clientId);
    if (!app || !app.enabled) return null;
    const now = deps.clock.now();
    const issuedAt = seconds(payload.iat)!;
    const expiresAt = seconds(payload.exp)!;
    const jti = String(payload.jti);
    if (payload.idtyp === 'app') {
      // App-only: consent and permissions as they are now (revoking either works at once).
      if (!app.consentedAt || payload.oid !== app.id) return null;
      const roles = app.directoryRole ? [app.directoryRole] : [];
      const session: Session = {
        id: `token:${jti}`,
        userId: app.id,
        scope: 'full',
        createdAt: issuedAt,
        lastSeenAt: now,
        expiresAt,
        ipAddress: null,
        userAgent: null,
        authenticatedAt: issuedAt,
        mfaAt: null,
      };
      return {
        user: appPseudoUser(app),
        session,
        roles,
        permissions: appPermissionsOf(app.permissions, app.directoryRole),
        via: { kind: 'application', appId: app.id, clientId: app.clientId, appDisplayName: app.displayName, scopes: [...app.permissions], tokenId: jti },
      };
    }
    if (payload.idtyp !== 'user' || typeof payload.oid !== 'string') return null;
    const user = await deps.repos.users.findById(payload.oid);
    if (!user || !user.accountEnabled) return null;
    const authenticatedAt = seconds(payload.auth_time) ?? issuedAt;
    // A sign-in before the user's sessions were revoked (password change or reset, "revoke sessions") no longer counts (checklist SE4).
    if (!signedInSince(authenticatedAt, user.sessionsValidFrom)) return null;
    const roles = (await deps.repos.users.rolesOf([user.id])).get(user.id) ?? [];
    const amr = Array.isArray(payload.amr) ? payload.amr : [];
    const session: Session = {
      id: `token:${jti}`,
      userId: user.id,
      scope: 'full',
      createdAt: issuedAt,
      lastSeenAt: now,
      expiresAt,
      ipAddress: null,
      userAgent: null,
      authenticatedAt,
      mfaAt: amr.includes('mfa') ? authenticatedAt : null,
    };
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ').filter(Boolean) : [];
    return {
      user,
      session,
      roles,
      permissions: permissionsOf(roles),
      via: { kind: 'delegated', appId: app.id, clientId: app.clientId, appDisplayName: app.displayName, scopes, tokenId: jti },
    };
  };
}
