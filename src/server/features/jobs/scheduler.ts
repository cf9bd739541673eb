import type { JobLease } from './lease.js';

export interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

export interface SchedulerOptions {
  /** The database lease each run takes first (issue 16); without one, every run happens here (one process, tests). */
  lease?: JobLease | undefined;
}

/**
 * Runs periodic jobs: each job once shortly after start, then every `everyMs`, never overlapping
 * itself. With several processes (LATCHKEY_WORKERS, several nodes) every process schedules every
 * job, and a run happens only on the process that takes the job's lease for one period, so a job
 * runs once per period wherever it runs; a crashed owner's lease expires and another takes over.
 * Jobs still claim their own work in the database, so a late overlap does no harm.
 */
export function createScheduler(jobs: Job[], onError: (job: string, err: unknown) => void, options: SchedulerOptions = {}) {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let lease = options.lease;
  let stopped = true;

  /** One scheduled turn: take the lease (when there is one), run, and keep the lease while a long run lasts. */
  async function turn(job: Job): Promise<boolean> {
    if (lease && !(await lease.acquire(job.name, job.everyMs))) return false;
    const held = lease;
    const renew = held ? setInterval(() => void held.renew(job.name, job.everyMs).catch((err: unknown) => onError(job.name, err)), job.everyMs / 2) : undefined;
    renew?.unref();
    try {
      await job.run();
    } finally {
      clearInterval(renew);
    }
    return true;
  }

  const schedule = (job: Job, delay: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      const run = turn(job).catch((err: unknown) => onError(job.name, err));
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
    /** Takes runs through a database lease from now on (the server sets it before it starts; services are wired without a database handle). */
    useLease(next: JobLease): void {
      lease = next;
    },
    /** The jobs' names, in the order they start. */
    names: (): string[] => jobs.map((job) => job.name),
    /** Runs one job now, outside its schedule and its lease (the CLI, operators, tests). @returns what the job returns. */
    async runNow(name: string): Promise<unknown> {
      return find(name).run();
    },
    /** One scheduled turn of a job now, through the lease as the timer does it. @returns whether it ran here. */
    async runScheduled(name: string): Promise<boolean> {
      return turn(find(name));
    },
  };

  function find(name: string): Job {
    const job = jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no job named ${name}`);
    return job;
  }
}
