import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseChildren, parseProcStatus } from './stats.js';

export interface TreeRss {
  /** Resident set now, MiB, summed over the tree. */
  rssMib: number;
  /** Peak resident set (VmHWM) of each process, summed, MiB: an upper bound of the tree's peak. */
  hwmMib: number;
  /** The processes counted, `name:pid`. */
  processes: string[];
  /** The peak of each, `name:pid 123 MiB`, in the order of `processes`. */
  peaks: string[];
}

/**
 * The pids of `pid` and all its descendants, from `/proc/<pid>/task/<tid>/children` (Linux).
 * A process that ended while being read is skipped.
 */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length && out.length < 1_000) {
    const p = queue.shift()!;
    out.push(p);
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        queue.push(...parseChildren(readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8')));
      } catch {
        // The thread ended meanwhile.
      }
    }
  }
  return out;
}

/**
 * RSS of a process tree. `exclude` names processes not counted (tsx's esbuild service, which
 * compiles TypeScript for the development entry point and is no part of a built server).
 */
export function processTreeRss(pid: number, exclude: readonly string[] = ['esbuild']): TreeRss {
  let rssKib = 0;
  let hwmKib = 0;
  const processes: string[] = [];
  const peaks: string[] = [];
  for (const p of processTree(pid)) {
    let text: string;
    try {
      text = readFileSync(`/proc/${p}/status`, 'utf8');
    } catch {
      continue;
    }
    const status = parseProcStatus(text);
    if (exclude.includes(status.name)) continue;
    rssKib += status.rssKib;
    hwmKib += status.hwmKib;
    processes.push(`${status.name}:${p}`);
    peaks.push(`${status.name}:${p} ${Math.round(status.hwmKib / 1024)} MiB`);
  }
  return { rssMib: rssKib / 1024, hwmMib: hwmKib / 1024, processes, peaks };
}

/**
 * Resets the peak (VmHWM) of every process of the tree to its current RSS (`/proc/<pid>/clear_refs`
 * ← 5, Linux ≥ 4.0), so that a later reading is the peak of what came after. @returns whether it worked for all.
 */
export function resetTreePeak(pid: number): boolean {
  let all = true;
  for (const p of processTree(pid)) {
    try {
      writeFileSync(`/proc/${p}/clear_refs`, '5');
    } catch {
      all = false;
    }
  }
  return all;
}
