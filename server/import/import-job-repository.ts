import type { Database } from '../db/db-connection.ts';
import type { JobStatus } from './import-jobs.ts';

/** A job as stored, with the time of its last write (ms since the epoch). */
export interface StoredJob<T> extends JobStatus<T> {
  updatedAt: number;
  finishedAt?: number;
}

function toRow<T>(job: StoredJob<T>) {
  return {
    id: job.id,
    state: job.state,
    phase: job.phase,
    done: job.done,
    total: job.total,
    result: job.result === undefined ? null : JSON.stringify(job.result),
    error_key: job.errorKey ?? null,
    updated_at: job.updatedAt,
    finished_at: job.finishedAt ?? null,
  };
}

export async function insertImportJob<T>(db: Database, job: StoredJob<T>): Promise<void> {
  await db('import_jobs').insert(toRow(job));
}

export async function updateImportJob<T>(db: Database, job: StoredJob<T>): Promise<void> {
  const { id, ...fields } = toRow(job);
  await db('import_jobs').where({ id }).update(fields);
}

export async function findImportJob<T>(db: Database, id: string): Promise<StoredJob<T> | undefined> {
  const row = await db('import_jobs').where({ id }).first();
  if (!row) return undefined;
  return {
    id: row.id,
    state: row.state,
    phase: row.phase,
    done: Number(row.done),
    total: Number(row.total),
    ...(row.result === null ? {} : { result: JSON.parse(row.result) as T }),
    ...(row.error_key === null ? {} : { errorKey: row.error_key }),
    updatedAt: Number(row.updated_at),
    ...(row.finished_at === null ? {} : { finishedAt: Number(row.finished_at) }),
  };
}

/** Deletes jobs last written before `before`: finished ones, and running ones whose instance went away. */
export async function deleteImportJobsBefore(db: Database, before: number): Promise<number> {
  return db('import_jobs').where('updated_at', '<', before).delete();
}
