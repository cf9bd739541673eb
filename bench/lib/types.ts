/** One figure a benchmark reports; `run.ts` prints them as one table and writes them as JSON. */
export interface Result {
  /** The benchmark module that produced it, e.g. `sign-in`. */
  benchmark: string;
  /** What was measured, e.g. `requests/s (32 connections)`. */
  metric: string;
  value: number;
  unit: string;
  /** The target in words, e.g. `>= 0.9`, when the figure has one. */
  target?: string;
  /** Whether the target was met; absent when there is no target. */
  pass?: boolean;
  /** Anything a reader needs to interpret the figure (error status codes, sample counts…). */
  note?: string;
}

/** A benchmark module: `bench/<name>.ts` exporting `run()`. */
export interface BenchmarkModule {
  run(): Promise<Result[]>;
}
