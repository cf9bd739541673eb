import type { Kysely } from 'kysely';

/**
 * Leases for the scheduler's periodic jobs (issue 16, several processes): one row per job name.
 * A process runs a job only after taking its row (`owner`, until `lease_until`, ISO-8601 text
 * like every timestamp here), so a run of each job happens on one process at a time across the
 * workers of one machine and across the nodes on one PostgreSQL. A crashed owner's lease simply
 * expires. Bulk reset jobs keep their own lease columns on `reset_job` (0007).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_lease')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_lease').execute();
}
