import type { Selectable } from 'kysely';
import type { AuthMethodTable } from '../../db/types.js';
import type { MethodKind } from '../../../shared/methods.js';

/* A registered method as stored (the auth_method table): read by security info's store and by the reset portal's batched profile reader. */

export interface StoredMethod {
  id: string;
  userId: string;
  kind: MethodKind;
  /** Email address or E.164 phone number; for the authenticator app, the sealed secret. */
  value: string;
  createdAt: Date;
  lastTotpStep: number | null;
}

/** One row of `auth_method` as a method (the one mapping; the recovery profile reader uses it too). */
export function toStoredMethod(r: Selectable<AuthMethodTable>): StoredMethod {
  return {
    id: r.id,
    userId: r.user_id,
    kind: r.kind as MethodKind,
    value: r.value,
    createdAt: new Date(r.created_at),
    lastTotpStep: r.last_totp_step === null ? null : Number(r.last_totp_step),
  };
}
