import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { iso } from '../../core/clock.js';
import { randomToken } from '../../core/crypto.js';
import type { Database } from '../../db/types.js';

/**
 * Who may run a periodic job now (issue 16): several processes (cluster workers, nodes on one
 * PostgreSQL) each schedule every job, and the one that takes the job's row runs it.
 */
export interface JobLease {
  /** This process's name in `job_lease.owner`. */
  readonly owner: string;
  /**
   * Takes the lease on `name` until now + `ms` when nobody holds it or its holder's time is up.
   * A lease this process holds and that has not expired is NOT taken again: a lease as long as the
   * job's period is what makes a job run once per period, however many processes ask.
   * @returns whether this process may run the job now.
   */
  acquire(name: string, ms: number): Promise<boolean>;
  /** Extends a lease this process holds (a run longer than its period); false when another process took it. */
  renew(name: string, ms: number): Promise<boolean>;
}

/** A process's owner name: host, pid and a random part (a restarted process on a reused pid is someone else). */
export function leaseOwnerName(): string {
  return `${hostname()}:${process.pid}:${randomToken(6)}`;
}

export function createJobLease(db: Kysely<Database>, options: { clock: Clock; owner?: string }): JobLease {
  const { clock } = options;
  const owner = options.owner ?? leaseOwnerName();
  return {
    owner,
    async acquire(name, ms) {
      const now = clock.now();
      const until = iso(new Date(now.getTime() + ms));
      // First run ever of this job anywhere: the insert decides (the primary key refuses a second one).
      const inserted = await db
        .insertInto('job_lease')
        .values({ name, owner, lease_until: until })
        .onConflict((oc) => oc.column('name').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
      // One conditional update: of several processes whose lease check passes at once, the database lets one change the row.
      const taken = await db
        .updateTable('job_lease')
        .set({ owner, lease_until: until })
        .where('name', '=', name)
        .where('lease_until', '<=', iso(now))
        .executeTakeFirst();
      return Number(taken.numUpdatedRows) === 1;
    },
    async renew(name, ms) {
      const until = iso(new Date(clock.now().getTime() + ms));
      const result = await db.updateTable('job_lease').set({ lease_until: until }).where('name', '=', name).where('owner', '=', owner).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
