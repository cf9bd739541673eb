import { readFileSync } from 'node:fs';
import { median } from './stats.js';

/** One RSS sample of the server process: ms since the measured run started, MiB. */
export interface RssSample {
  at: number;
  mib: number;
}

/** The resident set size of another process, MiB (Linux: /proc/<pid>/status); NaN where unreadable. */
export function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Least-squares line through the points: its slope and the slope's standard error (NaN where undefined). */
export function fit(points: readonly { x: number; y: number }[]): { slope: number; se: number } {
  const n = points.length;
  if (n < 2) return { slope: Number.NaN, se: Number.NaN };
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  if (sxx === 0) return { slope: Number.NaN, se: Number.NaN };
  const slope = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
  const ssr = points.reduce((s, p) => s + (p.y - (my + slope * (p.x - mx))) ** 2, 0);
  return { slope, se: n > 2 ? Math.sqrt(ssr / (n - 2) / sxx) : Number.NaN };
}

/**
 * The bounds of "flat". RSS swings by tens of MiB within a minute here (each argon2id hash
 * allocates 19 MiB and frees it), so RSS growth counts only when its slope is both above the
 * bound and clearly above the noise (over two standard errors); the V8 heap after a forced GC
 * has no such noise and takes a tighter bound.
 */
export const FLAT = { maxSlopeMibPerMin: 2, maxLastOverFirst: 0.1, maxHeapSlopeMibPerMin: 0.5 } as const;

export interface MemoryVerdict {
  flat: boolean;
  /** MiB per minute after the warm-up: least squares over per-minute medians (over samples for runs under 5 minutes). */
  slopeMibPerMin: number;
  slopeSe: number;
  /** Median RSS of the first minute after the warm-up (or the first half of what follows it, if shorter). */
  firstMib: number;
  /** Median RSS of the last minute (or the last half). */
  lastMib: number;
  /** (last - first) / first. */
  growth: number;
  /** MiB per minute of the server's V8 heap after a forced GC, minutes 2 on (NaN without two such minutes). */
  heapSlopeMibPerMin: number;
  text: string;
}

/**
 * Flat memory: after the warm-up (the first minute), no growth trend of RSS (slope at most
 * {@link FLAT.maxSlopeMibPerMin}, or not distinguishable from noise), the last minute within
 * {@link FLAT.maxLastOverFirst} of the first minute after the warm-up (halves of minute 2 for a
 * two-minute run), and the heap after GC not growing by more than {@link FLAT.maxHeapSlopeMibPerMin}.
 */
export function memoryVerdict(samples: readonly RssSample[], heapAfterGcMib: readonly number[], warmupMs: number, endMs: number): MemoryVerdict {
  const after = samples.filter((s) => s.at >= warmupMs && Number.isFinite(s.mib));
  const span = Math.min(60_000, (endMs - warmupMs) / 2);
  const firstMib = median(after.filter((s) => s.at < warmupMs + span).map((s) => s.mib));
  const lastMib = median(after.filter((s) => s.at >= endMs - span).map((s) => s.mib));
  const minutes = Math.round((endMs - warmupMs) / 60_000);
  const points =
    minutes >= 4
      ? Array.from({ length: minutes }, (_, i) => {
          const from = warmupMs + i * 60_000;
          return { x: i + 1.5, y: median(after.filter((s) => s.at >= from && s.at < from + 60_000).map((s) => s.mib)) };
        }).filter((p) => Number.isFinite(p.y))
      : after.map((s) => ({ x: s.at / 60_000, y: s.mib }));
  const { slope, se } = fit(points);
  const growing = slope > FLAT.maxSlopeMibPerMin && !(Number.isFinite(se) && slope <= 2 * se);
  const growth = (lastMib - firstMib) / firstMib;
  const heap = fit(heapAfterGcMib.slice(1).map((y, i) => ({ x: i, y }))).slope;
  const heapGrowing = heap > FLAT.maxHeapSlopeMibPerMin;
  const flat = !growing && growth <= FLAT.maxLastOverFirst && !heapGrowing;
  const text =
    `${flat ? 'flat' : 'GROWING'}: RSS slope ${slope.toFixed(2)} ± ${se.toFixed(2)} MiB/min after the warm-up ` +
    `(${minutes >= 4 ? `${points.length} minute medians` : `${points.length} samples`}; bound ${FLAT.maxSlopeMibPerMin}, and over 2 SE); ` +
    `last ${lastMib.toFixed(1)} MiB vs first ${firstMib.toFixed(1)} MiB (${(growth * 100).toFixed(1)}%, bound ${FLAT.maxLastOverFirst * 100}%); ` +
    `heap after GC ${heapAfterGcMib.map((h) => h.toFixed(1)).join(', ')} MiB per minute, slope ${Number.isFinite(heap) ? heap.toFixed(2) : 'n/a'} (bound ${FLAT.maxHeapSlopeMibPerMin})`;
  return { flat, slopeMibPerMin: slope, slopeSe: se, firstMib, lastMib, growth, heapSlopeMibPerMin: heap, text };
}
