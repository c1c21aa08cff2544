import { randomBytes } from 'node:crypto';
import type { Database } from '../db/db-connection.ts';
import type { Logger } from '../logging/logger.ts';
import { deleteImportJobsBefore, findImportJob, insertImportJob, updateImportJob, type StoredJob } from './import-job-repository.ts';

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

type ProgressUpdate<T> = Partial<Pick<JobStatus<T>, 'phase' | 'done' | 'total'>>;

const KEEP_MS = 60 * 60 * 1000;
/** Progress reaches the database at most this often; the final state is always written. */
const WRITE_EVERY_MS = 500;
/** A running job not written for this long belongs to an instance that went away. */
const STALE_MS = 15 * 60 * 1000;

export interface JobRegistryDeps {
  db: Database;
  logger: Logger;
  now?: () => number;
}

/**
 * Imports run in an app process as background jobs, so the page can show a
 * progress bar. The running instance keeps its jobs in memory (it answers its
 * own status without the database, which an import's transaction may hold on
 * SQLite) and writes them to `import_jobs` at a bounded rate, so any instance
 * behind a load balancer can answer. The id is random: it is the only way to
 * read a job's status.
 */
export class JobRegistry<T> {
  private readonly local = new Map<string, StoredJob<T>>();
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly now: () => number;

  constructor(private readonly deps: JobRegistryDeps) {
    this.now = deps.now ?? Date.now;
  }

  async start(total: number, run: (progress: (update: ProgressUpdate<T>) => void) => Promise<T>, onError: (error: unknown) => string): Promise<JobStatus<T>> {
    await this.prune();
    const job: StoredJob<T> = { id: randomBytes(16).toString('hex'), state: 'running', phase: 'reading', done: 0, total, updatedAt: this.now() };
    await insertImportJob(this.deps.db, job);
    this.local.set(job.id, job);
    const writer = new ThrottledWrite(() => this.write(job), WRITE_EVERY_MS);
    const finished = run((update) => {
      Object.assign(job, update);
      writer.request();
    }).then(
      (result) => Object.assign(job, { state: 'done', phase: 'finished', done: job.total, result, finishedAt: this.now() }),
      (error: unknown) => Object.assign(job, { state: 'failed', errorKey: onError(error), finishedAt: this.now() }),
    );
    this.running.set(
      job.id,
      finished.then(() => writer.flush()).finally(() => this.running.delete(job.id)),
    );
    return job;
  }

  /** This instance's own job from memory, any other instance's from the database. */
  async get(id: string): Promise<JobStatus<T> | undefined> {
    const own = this.local.get(id);
    if (own) return own;
    const stored = await findImportJob<T>(this.deps.db, id);
    if (stored?.state === 'running' && this.now() - stored.updatedAt > STALE_MS) return { ...stored, state: 'failed', errorKey: 'import.failed.unknown' };
    return stored;
  }

  /** Resolves when the job is no longer running and its final state is stored (for the CLI and tests). */
  async settled(id: string): Promise<JobStatus<T> | undefined> {
    await this.running.get(id);
    return this.get(id);
  }

  private async write(job: StoredJob<T>): Promise<void> {
    job.updatedAt = this.now();
    try {
      await updateImportJob(this.deps.db, job);
    } catch (error) {
      this.deps.logger.warn({ err: error, job: job.id }, 'import progress not stored; other instances show an older state');
    }
  }

  private async prune(): Promise<void> {
    const before = this.now() - KEEP_MS;
    for (const [id, job] of this.local) if (job.finishedAt && job.finishedAt < before) this.local.delete(id);
    await deleteImportJobsBefore(this.deps.db, before);
  }
}

/** Runs `write` at most once per `everyMs` however often it is requested; writes never overlap. */
class ThrottledWrite {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private lastAt = 0;

  constructor(
    private readonly write: () => Promise<void>,
    private readonly everyMs: number,
  ) {}

  request(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.writeNow(), Math.max(0, this.lastAt + this.everyMs - Date.now()));
  }

  /** Writes the latest state now (after any write in flight); the last call wins. */
  async flush(): Promise<void> {
    await this.writeNow();
  }

  private writeNow(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => {
      this.lastAt = Date.now();
      return this.write();
    });
    return this.writing;
  }
}
