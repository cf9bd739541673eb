export interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * Runs periodic jobs in this process: each job once shortly after start, then every `everyMs`,
 * never overlapping itself. Jobs must be safe to run on several servers at once (they claim
 * their work in the database), so no leader election is needed.
 */
export function createScheduler(jobs: Job[], onError: (job: string, err: unknown) => void) {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopped = true;

  const schedule = (job: Job, delay: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      const run = job.run().catch((err: unknown) => onError(job.name, err));
      running.add(run);
      void run.finally(() => {
        running.delete(run);
        schedule(job, job.everyMs);
      });
    }, delay);
    timer.unref();
    timers.set(job.name, timer);
  };

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      jobs.forEach((job, i) => schedule(job, 2_000 + i * 500));
    },
    async stop(): Promise<void> {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
    /** The jobs' names, in the order they start. */
    names: (): string[] => jobs.map((job) => job.name),
    /** Runs one job now, outside its schedule (the CLI, operators, tests). @returns what the job returns. */
    async runNow(name: string): Promise<unknown> {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no job named ${name}`);
      return job.run();
    },
  };
}
