import type { UserFields } from '../features/users/model.js';
import { GraphError } from './errors.js';

/*
 * The JSON bodies of Graph's POST and PATCH /users, checked property by property so the answer
 * names the property as Graph does. Properties Latchkey does not store (officeLocation,
 * usageLocation, …) are refused rather than dropped in silence (docs/graph.md).
 */

export type GraphUserFields = Partial<Omit<UserFields, 'disablePasswordExpiration' | 'disableStrongPassword'>> & {
  /** Graph's string form of the two flags ("DisablePasswordExpiration, DisableStrongPassword"). */
  passwordPolicies?: string | null;
};

export interface GraphPasswordProfile {
  password?: string;
  forceChangePasswordNextSignIn?: boolean;
  forceChangePasswordNextSignInWithMfa?: boolean;
}

export interface GraphUserBody {
  fields: GraphUserFields;
  passwordProfile: GraphPasswordProfile | null;
}

type Kind = 'string' | 'nullableString' | 'strings' | 'boolean';
const PROPERTIES: Record<string, Kind> = {
  userPrincipalName: 'string',
  displayName: 'string',
  givenName: 'nullableString',
  surname: 'nullableString',
  mail: 'nullableString',
  otherMails: 'strings',
  mobilePhone: 'nullableString',
  businessPhones: 'strings',
  department: 'nullableString',
  jobTitle: 'nullableString',
  accountEnabled: 'boolean',
  preferredLanguage: 'nullableString',
  passwordPolicies: 'nullableString',
};
const REQUIRED_ON_CREATE = ['accountEnabled', 'displayName', 'mailNickname', 'passwordProfile', 'userPrincipalName'];
const PASSWORD_POLICIES = new Set(['DisablePasswordExpiration', 'DisableStrongPassword', 'None']);

const invalid = (property: string): GraphError =>
  new GraphError(400, 'Request_BadRequest', `Invalid value specified for property '${property}' of resource 'User'.`);

function valueOf(property: string, kind: Kind, value: unknown): unknown {
  const ok =
    kind === 'string'
      ? typeof value === 'string' && value.length <= 1024
      : kind === 'nullableString'
        ? value === null || (typeof value === 'string' && value.length <= 1024)
        : kind === 'boolean'
          ? typeof value === 'boolean'
          : Array.isArray(value) && value.length <= 50 && value.every((v) => typeof v === 'string' && v.length <= 1024);
  if (!ok) throw invalid(property);
  return value;
}

/** Graph's language tags (en-US, nl-NL) to Latchkey's languages; other values are left for the service to refuse. */
function language(value: string | null): string | null {
  if (value === null) return null;
  const primary = value.split(/[-_]/)[0]!.toLowerCase();
  return primary === 'en' || primary === 'nl' ? primary : value;
}

function passwordProfileOf(value: unknown): GraphPasswordProfile {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid('passwordProfile');
  const out: GraphPasswordProfile = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'password') {
      if (typeof v !== 'string' || v.length === 0 || v.length > 1024) throw invalid('passwordProfile.password');
      out.password = v;
    } else if (key === 'forceChangePasswordNextSignIn' || key === 'forceChangePasswordNextSignInWithMfa') {
      if (typeof v !== 'boolean') throw invalid(`passwordProfile.${key}`);
      out[key] = v;
    } else if (!key.startsWith('@'))
      throw new GraphError(400, 'Request_BadRequest', `Property '${key}' does not exist on type 'microsoft.graph.passwordProfile'.`);
  }
  return out;
}

/**
 * Reads a POST (create) or PATCH (update) body.
 * @throws GraphError 400 Request_BadRequest naming the property: missing on create, of the wrong type, or not one Latchkey stores
 */
export function parseUserBody(body: unknown, mode: 'create' | 'update'): GraphUserBody {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new GraphError(400, 'Request_BadRequest', 'The request body must be a JSON object.');
  const record = body as Record<string, unknown>;
  if (mode === 'create') for (const p of REQUIRED_ON_CREATE) if (record[p] === undefined || record[p] === null) throw invalid(p);
  const fields: Record<string, unknown> & { preferredLanguage?: string | null; passwordPolicies?: unknown } = {};
  let passwordProfile: GraphPasswordProfile | null = null;
  for (const [key, value] of Object.entries(record)) {
    if (key.startsWith('@')) continue;
    if (key === 'passwordProfile') {
      if (value !== null) passwordProfile = passwordProfileOf(value);
      continue;
    }
    // Graph's mail alias: required on create, not stored (Latchkey's mailNickname is the UPN's local part).
    if (key === 'mailNickname') {
      valueOf(key, 'string', value);
      continue;
    }
    const kind = PROPERTIES[key];
    if (!kind) throw new GraphError(400, 'Request_BadRequest', `Property '${key}' is not supported on resource 'User' by this service.`);
    fields[key] = valueOf(key, kind, value);
  }
  if (mode === 'create' && !passwordProfile?.password) throw invalid('passwordProfile.password');
  if (typeof fields.passwordPolicies === 'string') {
    const flags = fields.passwordPolicies.split(',').map((f) => f.trim());
    if (!flags.every((f) => PASSWORD_POLICIES.has(f))) throw invalid('passwordPolicies');
  }
  if (fields.preferredLanguage !== undefined) fields.preferredLanguage = language(fields.preferredLanguage);
  return { fields: fields as GraphUserFields, passwordProfile };
}
