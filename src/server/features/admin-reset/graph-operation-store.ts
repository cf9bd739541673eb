import type { Kysely, Selectable } from 'kysely';
import { iso } from '../../core/clock.js';
import type { Database, GraphOperationTable } from '../../db/types.js';

/** Graph's operation states (authenticationOperation.status; `unknownFutureValue` is never stored). */
export type GraphOperationStatus = 'notStarted' | 'running' | 'succeeded' | 'failed';

/** The long-running operation a Graph resetPassword answers with (issue 15; table graph_operation, migration 0020). */
export interface GraphOperation {
  id: string;
  userId: string;
  status: GraphOperationStatus;
  /** Why it failed (a Latchkey error code), or null. */
  statusDetail: string | null;
  createdAt: Date;
  lastActionAt: Date;
}

export interface GraphOperationStore {
  create(op: GraphOperation): Promise<void>;
  /** The operation, only when it belongs to that user (another user's id finds nothing). */
  find(userId: string, id: string): Promise<GraphOperation | undefined>;
  /** Moves an operation on; false when there is no such operation. */
  settle(id: string, status: GraphOperationStatus, statusDetail: string | null, at: Date): Promise<boolean>;
  /** Drops operations last touched before `before` (retention); @returns how many. */
  deleteBefore(before: Date): Promise<number>;
}

function toOperation(r: Selectable<GraphOperationTable>): GraphOperation {
  return {
    id: r.id,
    userId: r.user_id,
    status: r.status as GraphOperationStatus,
    statusDetail: r.status_detail,
    createdAt: new Date(r.created_at),
    lastActionAt: new Date(r.last_action_at),
  };
}

/** The Kysely store of graph_operation (never throws HTTP errors). */
export function createGraphOperationStore(db: Kysely<Database>): GraphOperationStore {
  return {
    async create(op) {
      await db
        .insertInto('graph_operation')
        .values({
          id: op.id,
          user_id: op.userId,
          status: op.status,
          status_detail: op.statusDetail,
          created_at: iso(op.createdAt),
          last_action_at: iso(op.lastActionAt),
        })
        .execute();
    },
    async find(userId, id) {
      const row = await db.selectFrom('graph_operation').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      return row && toOperation(row);
    },
    async settle(id, status, statusDetail, at) {
      const result = await db
        .updateTable('graph_operation')
        .set({ status, status_detail: statusDetail, last_action_at: iso(at) })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async deleteBefore(before) {
      const result = await db.deleteFrom('graph_operation').where('last_action_at', '<', iso(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
