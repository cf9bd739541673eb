/** Pure helpers of the external benchmark: latency summaries, /proc parsing and PASS/FAIL judging. */

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of one sorted copy (NaN for an empty sample). */
export function summarise(latenciesMs: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]! : Number.NaN);
  return { count: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN };
}

/**
 * VmRSS and VmHWM (peak resident set) of one process from the text of `/proc/<pid>/status`, in
 * KiB; undefined fields (a zombie, a kernel thread) are 0.
 */
export function parseProcStatus(text: string): { rssKib: number; hwmKib: number; name: string } {
  const field = (name: string) => {
    const m = new RegExp(`^${name}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  };
  const name = /^Name:\s+(.*)$/m.exec(text)?.[1]?.trim() ?? '';
  return { rssKib: field('VmRSS'), hwmKib: field('VmHWM'), name };
}

/** The pids in a `/proc/<pid>/task/<tid>/children` file (space separated, possibly empty). */
export function parseChildren(text: string): number[] {
  return text
    .split(/\s+/)
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
}

export interface Judgement {
  target: string;
  pass: boolean;
}

/** `value >= min`; NaN (nothing measured) fails. */
export function judgeAtLeast(value: number, min: number, unit = ''): Judgement {
  return { target: `>= ${formatNumber(min)}${unit ? ` ${unit}` : ''}`, pass: Number.isFinite(value) && value >= min };
}

/** `value <= max`; NaN (nothing measured) fails. */
export function judgeAtMost(value: number, max: number, unit = ''): Judgement {
  return { target: `<= ${formatNumber(max)}${unit ? ` ${unit}` : ''}`, pass: Number.isFinite(value) && value <= max };
}

/** `value < max`; NaN fails. */
export function judgeBelow(value: number, max: number, unit = ''): Judgement {
  return { target: `< ${formatNumber(max)}${unit ? ` ${unit}` : ''}`, pass: Number.isFinite(value) && value < max };
}

function formatNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) >= 1000 ? n.toLocaleString('en-US') : String(n);
}

/** `a / b`, NaN when b is 0 or either is not finite. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : Number.NaN;
}
