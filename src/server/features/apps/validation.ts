import { AppError } from '../../core/errors.js';
import { findGraphAppPermission, graphAppPermissions, type GraphAppPermission } from '../../../shared/apps.js';
import { findRole, type RoleId } from '../../../shared/roles.js';

/*
 * The rules for an app registration's fields (issue 15), the same for the API and the CLI: the
 * service applies them, so a caller that skips the HTTP schema (the console) meets them too.
 */

export const DISPLAY_NAME_MAX = 120;
/** Entra's longest client secret lifetime: 24 months. */
export const SECRET_DAYS_MAX = 730;
export const SECRET_DAYS_DEFAULT = 180;
export const REDIRECT_URIS_MAX = 50;
export const REDIRECT_URI_MAX_CHARS = 256;
export const SECRET_NAME_MAX = 120;

/** @throws AppError request.validation_failed when the name is empty or longer than 120 characters */
export function displayNameOf(value: string, path = 'displayName', max = DISPLAY_NAME_MAX): string {
  const name = value.trim();
  if (name.length === 0) throw new AppError('request.validation_failed', { issues: [{ path, code: 'field.required' }] });
  if (name.length > max) throw new AppError('request.validation_failed', { issues: [{ path, code: 'field.too_long', params: { maximum: max } }] });
  return name;
}

/**
 * Graph permission names, matched without case, without duplicates, in the catalogue's order.
 * @throws AppError apps.invalid_permission naming the first unknown one
 */
export function permissionsOf(values: readonly string[]): GraphAppPermission[] {
  const found = new Set<GraphAppPermission>();
  for (const value of values) {
    const permission = findGraphAppPermission(value);
    if (!permission) throw new AppError('apps.invalid_permission', { params: { permission: value.trim().slice(0, 100) } });
    found.add(permission);
  }
  return graphAppPermissions.filter((p) => found.has(p));
}

/**
 * A directory role by id or Entra display name; null and '' mean none.
 * @throws AppError apps.invalid_role
 */
export function roleOf(value: string | null | undefined): RoleId | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const role = findRole(value);
  if (!role) throw new AppError('apps.invalid_role', { params: { role: value.trim().slice(0, 100) } });
  return role;
}

/** Loopback hosts where plain http is allowed (RFC 8252 §7.3: native apps' loopback redirects). */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Redirect URIs: absolute https, or http to a loopback host; no fragment (RFC 6749 §3.1.2); no
 * credentials in the URI; deduplicated. An open or plain-http redirect would hand codes to
 * whoever sits on the path (checklist R13: links and redirects only to known, safe origins).
 * @throws AppError apps.invalid_redirect_uri naming it, request.validation_failed when there are too many
 */
export function redirectUrisOf(values: readonly string[]): string[] {
  if (values.length > REDIRECT_URIS_MAX) {
    throw new AppError('request.validation_failed', { issues: [{ path: 'redirectUris', code: 'field.too_big', params: { maximum: REDIRECT_URIS_MAX } }] });
  }
  const uris: string[] = [];
  for (const raw of values) {
    const value = raw.trim();
    const bad = () => new AppError('apps.invalid_redirect_uri', { params: { uri: value.slice(0, REDIRECT_URI_MAX_CHARS) } });
    if (value.length === 0 || value.length > REDIRECT_URI_MAX_CHARS || value.includes('#')) throw bad();
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw bad();
    }
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
    if (!secure || url.username || url.password) throw bad();
    if (!uris.includes(value)) uris.push(value);
  }
  return uris;
}

/** @throws AppError request.validation_failed unless a whole number of days from 1 to 730 */
export function secretDaysOf(value: number | undefined): number {
  const days = value ?? SECRET_DAYS_DEFAULT;
  if (!Number.isInteger(days)) throw new AppError('request.validation_failed', { issues: [{ path: 'expiresInDays', code: 'field.invalid' }] });
  if (days < 1) throw new AppError('request.validation_failed', { issues: [{ path: 'expiresInDays', code: 'field.too_small', params: { minimum: 1 } }] });
  if (days > SECRET_DAYS_MAX) {
    throw new AppError('request.validation_failed', { issues: [{ path: 'expiresInDays', code: 'field.too_big', params: { maximum: SECRET_DAYS_MAX } }] });
  }
  return days;
}

/** Whether two permission lists hold the same set (order and duplicates aside). */
export function samePermissions(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((p) => y.has(p));
}
