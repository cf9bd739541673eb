/**
 * `npm run bench [-- <name>…] [--quick] [--log-level=<level>] [--minutes N] [--workers N]`: runs the benchmark modules (all,
 * or the named ones), prints the machine, one table of results, and writes
 * bench/results/latest.json. Exits 0 even when a target is missed: the figures are the output.
 * To add a benchmark, write `bench/<name>.ts` exporting `run(): Promise<Result[]>` and list it below.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo } from './lib/machine.js';
import { settings } from './lib/settings.js';
import type { BenchmarkModule, Result } from './lib/types.js';

const benchmarks: Record<string, () => Promise<BenchmarkModule>> = {
  // Issue 16's target table, measured from outside (server and load generator in their own processes); the rest is the in-process view.
  external: () => import('./external.js'),
  argon2: () => import('./argon2.js'),
  'sign-in': () => import('./sign-in.js'),
  enumeration: () => import('./enumeration.js'),
  overhead: () => import('./overhead.js'),
  'bulk-reset': () => import('./bulk-reset.js'),
  'user-search': () => import('./user-search.js'),
  banned: () => import('./banned.js'),
  'recovery-enumeration': () => import('./recovery-enumeration.js'),
  'recovery-throughput': () => import('./recovery-throughput.js'),
  soak: () => import('./soak.js'),
  'first-load': () => import('./first-load.js'),
  directory: () => import('./directory.js'),
  graph: () => import('./graph.js'),
  'scale-out': () => import('./scale-out.js'),
};
/** Diagnostics, and benchmarks that need a server of their own (slapd, PostgreSQL), run only when named. */
const onDemand = new Set(['overhead', 'soak', 'directory', 'graph', 'scale-out']);
/** Options that take their value as the next argument (`--minutes 2`), which is then no benchmark name. */
const optionsWithValue = new Set(['--minutes', '--workers']);

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const names = args.filter((a, i) => !a.startsWith('--') && !optionsWithValue.has(args[i - 1] ?? ''));
  const unknown = names.filter((n) => !(n in benchmarks));
  if (unknown.length) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${Object.keys(benchmarks).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const selected = names.length ? Object.keys(benchmarks).filter((n) => names.includes(n)) : Object.keys(benchmarks).filter((n) => !onDemand.has(n));

  const machine = machineInfo();
  console.log('Latchkey benchmarks');
  console.log(`  machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.platform}`);
  console.log(`  runtime: Node ${machine.node}, ${machine.argon2Package}, UV_THREADPOOL_SIZE ${machine.uvThreadpoolSize}`);
  console.log(`  load average (1 min) at start: ${machine.loadAverage1m}`);
  if (machine.loadAverage1m > machine.cores * 0.25)
    console.log('  warning: the machine is busy with other work; argon2 is CPU-bound, so the figures will be noisy');
  if (settings.quick) console.log('  --quick: shortened run, figures are indicative only');
  console.log('');

  const startedAt = new Date();
  const results: Result[] = [];
  const failures: string[] = [];
  for (const name of selected) {
    const t0 = performance.now();
    process.stdout.write(`> ${name} … `);
    try {
      const mod = await benchmarks[name]!();
      const out = await mod.run();
      results.push(...out);
      console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (err) {
      console.log('FAILED');
      console.error(err);
      failures.push(name);
    }
  }

  console.log('');
  printTable(results);
  const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'latest.json');
  writeFileSync(file, JSON.stringify({ date: startedAt.toISOString(), argv: args, quick: settings.quick, machine, results, failures }, null, 2) + '\n');
  console.log(`\nResults written to ${path.relative(process.cwd(), file)}`);
  if (failures.length) {
    console.error(`Benchmark(s) that could not run: ${failures.join(', ')}`);
    process.exitCode = 1;
  }
}

function printTable(results: Result[]): void {
  const header = ['benchmark', 'metric', 'value', 'target', 'result', 'note'];
  const rows = results.map((r) => [
    r.benchmark,
    r.metric,
    `${r.value}${r.unit && r.unit !== '' ? ` ${r.unit}` : ''}`,
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL',
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
