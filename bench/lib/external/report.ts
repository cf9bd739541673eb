/** Turns the load child's slice reports into the rows of the issue-16 target table. */
import { round } from '../stats.js';
import type { Result } from '../types.js';
import type { LoadReport } from './protocol.js';
import { ratio, summarise, type Judgement, type LatencySummary } from './stats.js';

export const BENCHMARK = 'external';

export interface Aggregate {
  ok: number;
  errors: number;
  windowS: number;
  rps: number;
  latency: LatencySummary;
  /** e.g. `200×980, 503×20` (`transport` for transport errors). */
  statuses: string;
  sampleError?: string;
  /** Slices cut short because the prepared material ran out. */
  capped: number;
  /** Requests per second of each slice. */
  sliceRps: number[];
  /** CPU of the load child per request, ms. */
  childCpuMsPerRequest: number;
}

/** Sums slices: OK over the summed windows, one percentile over every latency. */
export function aggregate(reports: readonly LoadReport[]): Aggregate {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const ok = sum(reports.map((r) => r.ok));
  const errors = sum(reports.map((r) => r.errors));
  const windowS = sum(reports.map((r) => r.windowMs)) / 1000;
  const counts: Record<string, number> = {};
  for (const r of reports) for (const [code, n] of Object.entries(r.statusCounts)) counts[code] = (counts[code] ?? 0) + n;
  const statuses = Object.entries(counts)
    .map(([code, n]) => `${code === '0' ? 'transport' : code}×${n}`)
    .join(', ');
  const sampleError = reports.find((r) => r.sampleError)?.sampleError;
  return {
    ok,
    errors,
    windowS,
    rps: windowS > 0 ? ok / windowS : Number.NaN,
    latency: summarise(reports.flatMap((r) => r.latenciesMs)),
    statuses,
    ...(sampleError ? { sampleError } : {}),
    capped: reports.filter((r) => r.capped).length,
    sliceRps: reports.map((r) => r.rps),
    childCpuMsPerRequest: sum(reports.map((r) => r.cpuMs)) / Math.max(1, ok + errors),
  };
}

const ms = (x: number) => `${round(x, 1)} ms`;

/** The rows of one scenario: its figure against the target, the ratio over the baseline, p99 and errors. */
export function scenarioRows(options: {
  name: string;
  load: Aggregate;
  /** The judged figure (requests/s or a ratio) and its target. */
  figure: { metric: string; value: number; unit: string; judgement: Judgement; note: string };
  /** What the baseline is, its value and the ratio figure/baseline. */
  baseline: { label: string; value: number; unit: string };
  p99?: Judgement;
  /** Statuses that are not errors besides the OK one (none by default: the targets ask for 0 errors). */
  errorsAllowed?: boolean;
}): Result[] {
  const { name, load, figure, baseline } = options;
  const errorFree = load.errors === 0;
  const rows: Result[] = [
    {
      benchmark: BENCHMARK,
      metric: `${name}: ${figure.metric}`,
      value: round(figure.value, figure.unit === '' ? 3 : 1),
      unit: figure.unit,
      target: figure.judgement.target,
      pass: figure.judgement.pass && (options.errorsAllowed || errorFree),
      note: `${figure.note}; ratio over ${baseline.label} (${round(baseline.value, 1)}${baseline.unit}) ${round(ratio(load.rps, baseline.value), 3)}; slices ${load.sliceRps.map((r) => round(r, 0)).join(', ')}${load.capped ? `; material ran out in ${load.capped} slice(s), window shortened` : ''}`,
    },
    {
      benchmark: BENCHMARK,
      metric: `${name}: latency p99`,
      value: round(load.latency.p99, 1),
      unit: 'ms',
      ...(options.p99 ? { target: options.p99.target, pass: options.p99.pass } : {}),
      note: `p50 ${ms(load.latency.p50)}, p90 ${ms(load.latency.p90)}, max ${ms(load.latency.max)}; ${load.latency.count} answers`,
    },
    {
      benchmark: BENCHMARK,
      metric: `${name}: errors`,
      value: load.errors,
      unit: '',
      target: '0',
      pass: errorFree,
      note: `statuses: ${load.statuses}${load.sampleError ? `; first: ${load.sampleError.slice(0, 200)}` : ''}; load child CPU ${round(load.childCpuMsPerRequest, 3)} ms/request`,
    },
  ];
  return rows;
}
