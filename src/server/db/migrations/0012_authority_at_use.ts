import { sql, type Kysely } from 'kysely';

/**
 * Authority at the time of use (issue 12, findings 4 and 5): the look-ups that end a sender's open
 * set-password links and cancel a creator's running bulk jobs when they lose a role, and the sweep
 * that deletes bulk-reset passwords nobody took in time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('password_link_created_by').on('password_link').column('created_by').execute();
  await db.schema.createIndex('reset_job_created_by').on('reset_job').columns(['created_by', 'status']).execute();
  // Partial: only the few items still holding a sealed password are indexed (SQLite and PostgreSQL both support it).
  await db.schema.createIndex('reset_job_item_sealed').on('reset_job_item').column('completed_at').where(sql.ref('sealed_password'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('reset_job_item_sealed').execute();
  await db.schema.dropIndex('reset_job_created_by').execute();
  await db.schema.dropIndex('password_link_created_by').execute();
}
