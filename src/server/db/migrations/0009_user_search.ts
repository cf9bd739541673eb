import type { Kysely } from 'kysely';

/** The tables as this migration knows them (frozen: a migration never imports the live schema types). */
interface FrozenSchema {
  app_user: {
    id: string;
    display_name: string;
    display_name_key: string;
    given_name: string | null;
    surname: string | null;
    user_principal_name: string;
    mail: string | null;
  };
  user_search_token: { token: string; display_name_key: string; user_id: string };
}

/** Word-prefix search for Active users: one row per (word, user), ordered for paging by display name. */
export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as Kysely<FrozenSchema>;
  await db.schema
    .createTable('user_search_token')
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('display_name_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_search_token_pk', ['token', 'display_name_key', 'user_id'])
    .execute();
  await db.schema.createIndex('user_search_token_user').on('user_search_token').column('user_id').execute();
  // Existing users get their words now.
  const users = await db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'display_name_key', 'given_name', 'surname', 'user_principal_name', 'mail'])
    .execute();
  const rows = users.flatMap((u) =>
    searchTokens({ displayName: u.display_name, givenName: u.given_name, surname: u.surname, userPrincipalName: u.user_principal_name, mail: u.mail }).map(
      (token) => ({ token, display_name_key: u.display_name_key, user_id: u.id }),
    ),
  );
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('user_search_token')
      .values(rows.slice(i, i + 500))
      .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_search_token').execute();
}

/*
 * Frozen copy of the search-word rules as they were when this migration was written (ADR 0002:
 * a migration never imports live code, so it does the same thing forever). Later changes to
 * features/users/search-tokens.ts do not change what this migration wrote.
 */
const sortKey = (value: string): string => value.normalize('NFC').toLocaleLowerCase('en');

function searchTokens(user: {
  displayName: string;
  givenName?: string | null;
  surname?: string | null;
  userPrincipalName: string;
  mail?: string | null;
}): string[] {
  const tokens = new Set<string>();
  const words = (text: string | null | undefined) =>
    text
      ? sortKey(text)
          .split(/[^\p{L}\p{N}]+/u)
          .filter(Boolean)
      : [];
  for (const w of [...words(user.displayName), ...words(user.givenName), ...words(user.surname)]) tokens.add(w);
  for (const address of [user.userPrincipalName, user.mail]) {
    if (!address) continue;
    const key = sortKey(address);
    tokens.add(key);
    const local = key.split('@')[0]!;
    tokens.add(local);
    for (const part of local.split(/[._-]+/)) if (part) tokens.add(part);
  }
  return [...tokens].map((t) => t.slice(0, 128));
}
