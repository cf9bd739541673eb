import type { TFunction } from 'i18next';
import { methodKinds } from '../../../shared/methods.js';

/** The detail keys the server writes in audit events, each named under `auditDetails.keys` (an unknown one is shown as it is). */
export const DETAIL_KEYS = [
  'method',
  'methods',
  'reason',
  'job',
  'passwords',
  'withheld',
  'expired',
  'users',
  'groups',
  'seed',
  'organization',
  'role',
  'roles',
  'fields',
  'sessionId',
  'recipients',
  'source',
  'expiresAt',
  'links',
  'sentBy',
  'failures',
  'rememberDevice',
  'authenticatorApps',
  'passkeys',
  'rememberedDevices',
  'passkeyId',
  'name',
  'aaguid',
  'before',
  'after',
  'known',
  'eligibility',
  'delivered',
  'limit',
  'window',
  'forced',
  'linksRevoked',
  'familiar',
  'lockouts',
  'hardLocked',
  'until',
  'autoGenerate',
  'forceChangePasswordNextSignIn',
  'forceChangePasswordNextSignInWithMfa',
  'skipped',
  'emailResultTo',
] as const;

/** Reason codes in audit details, each named under `auditDetails.reasons`. */
export const DETAIL_REASONS = ['policy', 'not_permitted', 'locked', 'wrong_current_password', 'account_disabled', 'role_removed'] as const;

const has = (list: readonly string[], value: string) => list.includes(value);

/** A detail's key as text ("Method"), or the key itself when this version has no name for it. */
export function detailKeyLabel(t: TFunction, key: string): string {
  return has(DETAIL_KEYS, key) ? t(`auditDetails.keys.${key}`) : key;
}

/**
 * A detail's value as text: yes/no for a flag, the method's name for a method (or a list of them),
 * the reason's name for a known reason code; anything else as `fallback` shows it.
 */
export function detailValueLabel(t: TFunction, key: string, value: unknown, fallback: (value: unknown) => string): string {
  if (typeof value === 'boolean') return t(value ? 'auditDetails.yes' : 'auditDetails.no');
  if (typeof value !== 'string') return fallback(value);
  if (key === 'method' || key === 'methods') {
    const parts = value.split(' ').filter(Boolean);
    if (parts.length && parts.every((p) => has(methodKinds, p))) return parts.map((p) => t(`auditDetails.methods.${p}`)).join(', ');
  }
  if (key === 'reason') {
    const parts = value.split(' ').filter(Boolean);
    if (parts.length && parts.every((p) => has(DETAIL_REASONS, p))) return parts.map((p) => t(`auditDetails.reasons.${p}`)).join(', ');
  }
  return fallback(value);
}
