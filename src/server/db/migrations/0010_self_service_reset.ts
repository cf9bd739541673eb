import type { Kysely } from 'kysely';

/**
 * Self-service password reset: the security info users register (methods, security answers,
 * pending verifications) and the reset portal's persisted flows, their one-time codes and the
 * per-account throttles (reference §7.11).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('auth_method')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // An email address or E.164 phone number in clear (codes are sent to it); an authenticator secret sealed.
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // The last accepted TOTP time step: a code of that step or an earlier one is a replay.
    .addColumn('last_totp_step', 'bigint')
    .addUniqueConstraint('auth_method_user_kind', ['user_id', 'kind'])
    .execute();
  await db.schema
    .createTable('security_answer')
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('answer_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('security_answer_pk', ['user_id', 'question_id'])
    .execute();
  await db.schema
    .createTable('security_info')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id').onDelete('cascade'))
    .addColumn('confirmed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('method_verification')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('method_verification_user').on('method_verification').column('user_id').execute();
  await db.schema
    .createTable('recovery_flow')
    // SHA-256 of the flow's bearer token; the token itself is only ever in the client's hands.
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Whose throttles the flow counts against: the user id, or a keyed hash of an unknown name.
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('user_principal_name', 'text')
    .addColumn('eligibility', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('password_stamp', 'text', (c) => c.notNull())
    .addColumn('methods_required', 'integer', (c) => c.notNull())
    .addColumn('offered', 'text', (c) => c.notNull())
    .addColumn('proven', 'text', (c) => c.notNull())
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('ip_address', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('captcha_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('outcome', 'text')
    .execute();
  await db.schema.createIndex('recovery_flow_created').on('recovery_flow').column('created_at').execute();
  await db.schema.createIndex('recovery_flow_user').on('recovery_flow').column('user_id').execute();
  await db.schema
    .createTable('recovery_code')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('flow_id', 'text', (c) => c.notNull().references('recovery_flow.id').onDelete('cascade'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('recovery_code_flow').on('recovery_code').columns(['flow_id', 'method']).execute();
  await db.schema
    .createTable('recovery_attempt')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recovery_attempt_subject').on('recovery_attempt').columns(['subject', 'kind', 'at']).execute();
  await db.schema
    .createTable('recovery_lock')
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('locked_until', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'recovery_lock',
    'recovery_attempt',
    'recovery_code',
    'recovery_flow',
    'method_verification',
    'security_info',
    'security_answer',
    'auth_method',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
