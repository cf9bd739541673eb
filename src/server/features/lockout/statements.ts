import { sql } from 'kysely';
import { param, prepare } from '../../db/compiled.js';
import type { LockoutTable } from '../../db/types.js';
import type { Selectable } from 'kysely';

// The lockout store's hot statements, compiled once per engine (issue 16, lever 1): every typed
// password runs a claim and a settlement, each a short transaction of two of these.

type Row = Selectable<LockoutTable>;
type ClaimParams = { userId: string; fp: number; fpu: string | null; up: number; upu: string | null };
type StateParams = {
  userId: string;
  ff: number;
  fl: number;
  flu: string | null;
  uf: number;
  ul: number;
  ulu: string | null;
  cf: number;
  hl: number;
  rw: string;
  at: string;
};

/**
 * The user's row, created when missing, in ONE statement that also locks it for the rest of the
 * transaction: an upsert whose update changes nothing takes the row lock on PostgreSQL (what
 * FOR UPDATE did), and SQLite runs write transactions one at a time (checklist L7).
 */
export const rowForUpdate = prepare<{ userId: string; at: string }, Row>((db) =>
  db
    .insertInto('lockout')
    .values({
      user_id: param<string>('userId'),
      familiar_failures: 0,
      familiar_lockouts: 0,
      familiar_locked_until: null,
      unfamiliar_failures: 0,
      unfamiliar_lockouts: 0,
      unfamiliar_locked_until: null,
      consecutive_failures: 0,
      hard_locked: 0,
      recent_wrong: '[]',
      updated_at: param<string>('at'),
    })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ updated_at: sql<string>`lockout.updated_at` }))
    .returningAll(),
);

/** The row as it is (no lock, nothing created): a shadow claim's read for a name that is no account (R2). */
export const rowOf = prepare<{ userId: string }, Row>((db) => db.selectFrom('lockout').selectAll().where('user_id', '=', param<string>('userId')));

export const saveClaims = prepare<ClaimParams, never>((db) =>
  db
    .updateTable('lockout')
    .set({
      familiar_pending: param<number>('fp'),
      familiar_pending_until: param<string | null>('fpu'),
      unfamiliar_pending: param<number>('up'),
      unfamiliar_pending_until: param<string | null>('upu'),
    })
    .where('user_id', '=', param<string>('userId')),
);

const stateColumns = () => ({
  familiar_failures: param<number>('ff'),
  familiar_lockouts: param<number>('fl'),
  familiar_locked_until: param<string | null>('flu'),
  unfamiliar_failures: param<number>('uf'),
  unfamiliar_lockouts: param<number>('ul'),
  unfamiliar_locked_until: param<string | null>('ulu'),
  consecutive_failures: param<number>('cf'),
  hard_locked: param<number>('hl'),
  recent_wrong: param<string>('rw'),
  updated_at: param<string>('at'),
});

export const saveState = prepare<StateParams, never>((db) => db.updateTable('lockout').set(stateColumns()).where('user_id', '=', param<string>('userId')));

export const saveStateAndClaims = prepare<StateParams & ClaimParams, never>((db) =>
  db
    .updateTable('lockout')
    .set({
      ...stateColumns(),
      familiar_pending: param<number>('fp'),
      familiar_pending_until: param<string | null>('fpu'),
      unfamiliar_pending: param<number>('up'),
      unfamiliar_pending_until: param<string | null>('upu'),
    })
    .where('user_id', '=', param<string>('userId')),
);

export type { ClaimParams, StateParams };
