import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../../e2e/support/nodes.js';

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/pg-test-cluster.sh');

/**
 * The PostgreSQL the scale-out benchmark runs on: LATCHKEY_BENCH_POSTGRES_URL, else
 * LATCHKEY_TEST_POSTGRES_URL, else a throwaway cluster of its own (scripts/pg-test-cluster.sh on a
 * free loopback port), stopped and removed again by `close()`.
 */
export async function benchPostgres(): Promise<{ url: string; source: string; close(): Promise<void> }> {
  const given = process.env.LATCHKEY_BENCH_POSTGRES_URL ?? process.env.LATCHKEY_TEST_POSTGRES_URL;
  if (given)
    return {
      url: given,
      source: process.env.LATCHKEY_BENCH_POSTGRES_URL ? 'LATCHKEY_BENCH_POSTGRES_URL' : 'LATCHKEY_TEST_POSTGRES_URL',
      close: async () => {},
    };
  const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-bench-pg-'));
  const run = (cmd: 'start' | 'stop', port = 0) =>
    promisify(execFile)('bash', [script, cmd, dir, String(port)], { encoding: 'utf8', timeout: 120_000 }).then((r) => r.stdout.trim());
  try {
    const url = await run('start', await freePort());
    return {
      url,
      source: 'a throwaway cluster (scripts/pg-test-cluster.sh)',
      async close() {
        await run('stop');
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (0 when it is gone). */
export function cpuSeconds(pid: number): number {
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
