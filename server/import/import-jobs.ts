import { randomBytes } from 'node:crypto';

export interface JobStatus<T> {
  id: string;
  state: 'running' | 'done' | 'failed';
  phase: 'reading' | 'writing' | 'indexing' | 'finished';
  done: number;
  total: number;
  result?: T;
  /** A message key for the failure; details go to the log only. */
  errorKey?: string;
}

const KEEP_MS = 60 * 60 * 1000;

/**
 * Imports run in the app process as background jobs, so the page can show a
 * progress bar. The id is random: it is the only way to read a job's status.
 */
export class JobRegistry<T> {
  private readonly jobs = new Map<string, JobStatus<T> & { finishedAt?: number }>();
  private readonly running = new Map<string, Promise<unknown>>();

  start(total: number, run: (progress: (update: Partial<Pick<JobStatus<T>, 'phase' | 'done' | 'total'>>) => void) => Promise<T>, onError: (error: unknown) => string): JobStatus<T> {
    this.prune();
    const job: JobStatus<T> & { finishedAt?: number } = { id: randomBytes(16).toString('hex'), state: 'running', phase: 'reading', done: 0, total };
    this.jobs.set(job.id, job);
    const finished = run((update) => Object.assign(job, update)).then(
      (result) => Object.assign(job, { state: 'done', phase: 'finished', done: job.total, result, finishedAt: Date.now() }),
      (error: unknown) => Object.assign(job, { state: 'failed', errorKey: onError(error), finishedAt: Date.now() }),
    );
    this.running.set(job.id, finished.finally(() => this.running.delete(job.id)));
    return job;
  }

  get(id: string): JobStatus<T> | undefined {
    return this.jobs.get(id);
  }

  /** Resolves when the job is no longer running (for the CLI and tests). */
  async settled(id: string): Promise<JobStatus<T> | undefined> {
    await this.running.get(id);
    return this.jobs.get(id);
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) if (job.finishedAt && now - job.finishedAt > KEEP_MS) this.jobs.delete(id);
  }
}
