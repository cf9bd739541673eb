/* Process and socket helpers of the Samba AD harness (samba-ad.ts), and AD's bind "data" codes. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { BindVerdict } from '../core/directory.js';

export type ToolResult = { code: number; stdout: string; stderr: string };

/** Runs a tool with `input` on stdin; killed after `timeoutMs` (30 s). Never throws on a non-zero exit. */
export function run(cmd: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  return new Promise<ToolResult>((resolve, reject) => {
    const child = spawn(cmd, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
    child.once('error', reject);
    child.stdin.on('error', () => undefined); // EPIPE when the tool exits before reading its input: the exit code tells.
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The tool's stdout, or an error with its stderr when it failed. */
export async function must(what: string, p: ReturnType<typeof run>): Promise<string> {
  const r = await p;
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.stderr.slice(-2000) || r.stdout.slice(-2000)}`);
  return r.stdout;
}

/** True when nothing listens on 127.0.0.1:`port`. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** AD's bind refusals carry a "data <hex>" sub-code (MS-ADTS / KB 2001345): mapped to the connector's verdicts. */
export function verdictFromAdBindError(text: string): BindVerdict | null {
  const code = /data ([0-9a-f]{3,8})/i.exec(text)?.[1]?.toLowerCase();
  const map: Record<string, BindVerdict> = {
    '52e': 'wrong',
    '525': 'wrong',
    '775': 'locked',
    '773': 'must_change',
    '532': 'expired',
    '701': 'expired',
    '533': 'disabled',
  };
  return code ? (map[code] ?? null) : null;
}
