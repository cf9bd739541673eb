import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BurstReport, BurstSpec, FromChild, LoadReport, LoadSpec, ToChild } from './protocol.js';

const childFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-child.ts');

/**
 * The load generator in its own process: `LoadChild.start()` forks `load-child.ts` (through tsx)
 * and waits for it; `run` and `burst` send one spec at a time and resolve to its report.
 */
export class LoadChild {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: LoadReport | BurstReport) => void; reject: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: FromChild) => {
      if (m.type === 'ready') return;
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.type === 'error') w.reject(new Error(`load child: ${m.message}`));
      else w.resolve(m.report);
    });
    child.on('exit', (code, signal) => {
      for (const w of this.waiting.values()) w.reject(new Error(`load child exited (${code ?? signal})`));
      this.waiting.clear();
    });
  }

  static start(): Promise<LoadChild> {
    const child = fork(childFile, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load child exited before it was ready (${code})`));
      child.once('exit', onExit);
      child.once('message', (m: FromChild) => {
        child.off('exit', onExit);
        if (m.type === 'ready') resolve(new LoadChild(child));
        else reject(new Error('load child: unexpected first message'));
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  private ask<T extends LoadReport | BurstReport>(message: Omit<ToChild, 'id'> & { type: ToChild['type'] }): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: LoadReport | BurstReport) => void, reject });
      this.child.send({ ...message, id });
    });
  }

  run(spec: LoadSpec): Promise<LoadReport> {
    return this.ask<LoadReport>({ type: 'run', spec });
  }

  burst(spec: BurstSpec): Promise<BurstReport> {
    return this.ask<BurstReport>({ type: 'burst', spec });
  }

  /** Ends the child (disconnecting makes it exit; SIGKILL if it has not after 5 s). */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
