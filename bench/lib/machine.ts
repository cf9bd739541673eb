import { createRequire } from 'node:module';
import os from 'node:os';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  node: string;
  platform: string;
  memoryGiB: number;
  argon2Package: string;
  uvThreadpoolSize: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAverage1m: number;
}

export function machineInfo(): MachineInfo {
  const require = createRequire(import.meta.url);
  let argon2Version = 'unknown';
  try {
    argon2Version = (require('@node-rs/argon2/package.json') as { version: string }).version;
  } catch {
    // Not fatal: the version is informational.
  }
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    argon2Package: `@node-rs/argon2@${argon2Version}`,
    uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE ?? '4 (default)',
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}
