import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../../core/clock.js';
import type { Repos } from '../../db/repos.js';
import { roleTemplateIds, type RoleId } from '../../../shared/roles.js';
import { GRAPH_RESOURCE } from '../../../shared/apps.js';
import { verifiedClient } from './clients.js';

/*
 * Token contents (issue 15): access tokens in the shape of Microsoft identity platform v2 tokens
 * (docs/oauth.md lists every claim), and the OpenID Connect account (findAccount) for id tokens
 * and userinfo. Times in access tokens come from the injected clock, so tests can age them.
 */

export interface ClaimsDeps {
  repos: Pick<Repos, 'apps' | 'users' | 'organization'>;
  clock: Clock;
  accessTokenSeconds: number;
}

type TokenLike = {
  kind?: string;
  clientId?: string;
  accountId?: string;
  scope?: string;
  jti?: string;
  grantId?: string;
  resourceServer?: { audience?: string };
};
type Structured = { header?: Record<string, unknown>; payload: Record<string, unknown> };

/** The `azpacr` of a request: 0 public client, 1 client secret, 2 certificate. */
function azpacr(): '0' | '1' | '2' {
  const method = verifiedClient.getStore()?.method;
  if (method === 'private_key_jwt') return '2';
  if (method === 'client_secret_basic' || method === 'client_secret_post') return '1';
  return '0';
}

/** The scope a delegated token states (`scp`): Graph's permission names without the resource prefix. */
export function delegatedScopes(scope: string | undefined, granted: readonly string[]): string[] {
  const names = new Set<string>();
  for (const s of (scope ?? '').split(' ').filter(Boolean)) {
    const slash = s.lastIndexOf('/');
    const name = slash >= 0 && s.includes('://') ? s.slice(slash + 1) : s;
    if (name === '.default') {
      names.add('User.Read');
      granted.forEach((g) => names.add(g));
    } else if (!['openid', 'profile', 'email', 'offline_access'].includes(name)) names.add(name);
  }
  for (const oidc of ['openid', 'profile', 'email']) if ((scope ?? '').split(' ').includes(oidc)) names.add(oidc);
  return [...names];
}

/** The template ids of roles (`wids`). */
export function wids(roles: readonly RoleId[]): string[] {
  return roles.map((r) => roleTemplateIds[r]);
}

/** Session facts of the sign-in behind a delegated token (code, refresh token or device code at the token endpoint). */
function signInFacts(ctx: KoaContextWithOIDC): { authTime?: number; amr?: string[] } {
  const entities = ctx.oidc.entities;
  const source = entities.AuthorizationCode ?? entities.RefreshToken ?? entities.DeviceCode;
  return { authTime: source?.authTime, amr: source?.amr };
}

/** `formats.customizers.jwt`: rewrites the library's JWT access token into Microsoft's v2 shape. */
export function accessTokenCustomizer(deps: ClaimsDeps) {
  return async (ctx: KoaContextWithOIDC, token: TokenLike, jwt: Structured): Promise<void> => {
    const p = jwt.payload;
    const now = Math.floor(deps.clock.now().getTime() / 1000);
    const [app, org] = await Promise.all([deps.repos.apps.findByClientId(token.clientId ?? ''), deps.repos.organization.get()]);
    if (!app || !org) throw new Error('token for an unknown app');
    const common = {
      aud: p.aud,
      iss: p.iss,
      iat: now,
      nbf: now,
      exp: now + deps.accessTokenSeconds,
      tid: org.id,
      azp: app.clientId,
      appid: app.clientId,
      azpacr: azpacr(),
      app_displayname: app.displayName,
      ver: '2.0',
      uti: p.jti,
      jti: p.jti,
    };
    if (token.kind === 'ClientCredentials' || !token.accountId) {
      jwt.payload = {
        ...common,
        sub: app.id,
        oid: app.id,
        idtyp: 'app',
        roles: p.aud === GRAPH_RESOURCE || String(p.aud).startsWith('api://') ? [...app.permissions] : [],
        ...(app.directoryRole ? { wids: wids([app.directoryRole]) } : {}),
      };
      return;
    }
    const user = await deps.repos.users.findById(token.accountId);
    if (!user) throw new Error('token for an unknown user');
    const roles = (await deps.repos.users.rolesOf([user.id])).get(user.id) ?? [];
    const facts = signInFacts(ctx);
    jwt.payload = {
      ...common,
      sub: user.id,
      oid: user.id,
      idtyp: 'user',
      scp: delegatedScopes(token.scope, app.permissions).join(' '),
      wids: wids(roles),
      name: user.displayName,
      preferred_username: user.userPrincipalName,
      ...(facts.authTime ? { auth_time: facts.authTime } : {}),
      amr: facts.amr?.length ? facts.amr : ['pwd'],
      ...(token.grantId ? { sid: token.grantId } : {}),
    };
  };
}

/**
 * `findAccount`: the signed-in user for id tokens and userinfo. A disabled or deleted user, or a
 * refresh token from a sign-in before the user's sessions were revoked (password change or reset,
 * "revoke sessions": checklist SE4), has no account, so the library refuses the grant.
 */
export function findAccount(deps: Pick<ClaimsDeps, 'repos'>) {
  return async (_ctx: KoaContextWithOIDC, sub: string, token?: { authTime?: number; iat?: number }) => {
    const user = await deps.repos.users.findById(sub);
    if (!user || !user.accountEnabled) return undefined;
    const since = token?.authTime ?? token?.iat;
    if (since !== undefined && since < Math.floor(user.sessionsValidFrom.getTime() / 1000)) return undefined;
    return {
      accountId: user.id,
      async claims() {
        return {
          sub: user.id,
          name: user.displayName,
          preferred_username: user.userPrincipalName,
          ...(user.mail ? { email: user.mail } : {}),
          ...(user.givenName ? { given_name: user.givenName } : {}),
          ...(user.surname ? { family_name: user.surname } : {}),
          oid: user.id,
        };
      },
    };
  };
}
