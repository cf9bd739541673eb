import type { KyselyPlugin, RootOperationNode } from 'kysely';
import type { PasswordHasher } from '../features/passwords/hasher.js';

/** Records the kind and table of every statement the application runs. */
export function statementRecorder() {
  const log: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      const root = node as RootOperationNode & {
        from?: { froms: { table?: { identifier?: { name: string } } }[] };
        into?: { table: { identifier: { name: string } } };
        table?: { table: { identifier: { name: string } } };
      };
      const table = root.into?.table.identifier.name ?? root.from?.froms[0]?.table?.identifier?.name ?? root.table?.table.identifier.name ?? '';
      log.push(`${node.kind}:${table}`);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { log, plugin };
}

/** Counts argon2id operations (hashes and verifications). */
export function countingHasher(inner: PasswordHasher): PasswordHasher & { count: number } {
  const wrapped = {
    count: 0,
    ...inner,
    hash: (p: string) => {
      wrapped.count++;
      return inner.hash(p);
    },
    verify: (s: string | null, p: string) => {
      wrapped.count++;
      return inner.verify(s, p);
    },
  };
  return wrapped;
}
