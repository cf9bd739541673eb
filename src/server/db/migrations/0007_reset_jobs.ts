import type { Kysely } from 'kysely';

/** Bulk password resets: a job and one row per user, so a job survives a crash and resumes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reset_job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('sealed_password', 'text')
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('reset_job_status').on('reset_job').columns(['status', 'lease_until']).execute();

  await db.schema
    .createTable('reset_job_item')
    .addColumn('job_id', 'text', (c) => c.notNull().references('reset_job.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('user_principal_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('sealed_password', 'text')
    .addColumn('completed_at', 'text')
    .addPrimaryKeyConstraint('reset_job_item_pk', ['job_id', 'seq'])
    .execute();
  await db.schema.createIndex('reset_job_item_status').on('reset_job_item').columns(['job_id', 'status', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('reset_job_item').execute();
  await db.schema.dropTable('reset_job').execute();
}
