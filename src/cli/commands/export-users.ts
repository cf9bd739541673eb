import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { loadConfig } from '../../server/config/load.js';
import { ExitCode } from '../lib/errors.js';
import { warn, writeChunk } from '../lib/output.js';
import { withRuntime } from '../lib/runtime.js';
import { userColumns, userToRow } from '../lib/users-csv.js';

const PAGE_SIZE = 500;

export function registerExportUsers(users: Command): void {
  users
    .command('export')
    .description('Write every user as CSV (the import columns; never passwords or hashes)')
    .option('-o, --output <file.csv>', 'write to this file instead of stdout')
    .action(async (options: { output?: string }) => {
      process.exitCode = await exportUsers(options);
    });
}

export async function exportUsers(options: { output?: string }): Promise<number> {
  const config = loadConfig();
  return withRuntime(config, async (runtime) => {
    const stream: Writable = options.output ? createWriteStream(options.output, { flags: 'w' }) : process.stdout;
    let count = 0;
    try {
      await writeChunk(stream, stringify([[...userColumns]]));
      let cursor: string | undefined;
      do {
        const page = await runtime.repos.users.list({ limit: PAGE_SIZE, cursor });
        const roles = await runtime.repos.users.rolesOf(page.items.map((u) => u.id));
        const rows = page.items.map((user) => userToRow({ ...user, roles: roles.get(user.id) ?? [] }));
        if (rows.length) await writeChunk(stream, stringify(rows));
        count += rows.length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    } finally {
      if (options.output) {
        stream.end();
        await finished(stream);
      }
    }
    if (options.output) warn(`Exported ${count} ${count === 1 ? 'user' : 'users'} to ${options.output}.`);
    return ExitCode.ok;
  });
}
