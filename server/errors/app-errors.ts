/**
 * Errors a request can end in. Each carries an HTTP status and a message key
 * that the error handler translates; `cause` is logged, never shown.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(messageKey, options?.cause === undefined ? undefined : { cause: options.cause });
    this.details = options?.details;
  }
  readonly details: Record<string, unknown> | undefined;
}

export class NotFoundError extends AppError {
  constructor(messageKey = 'errors.notFound', options?: { cause?: unknown }) {
    super(404, 'not_found', messageKey, options);
  }
}

/** What a schema found wrong with one field: the zod issue code and the limit it broke, so a form can word it. */
export interface FieldIssue {
  code: string;
  minimum?: number;
  maximum?: number;
  /** A cross-field rule the schema names in its custom issues ("order": end before start). */
  rule?: string;
}

/** A validation failure; `fields` maps each offending field to what is wrong with it. */
export class ValidationError extends AppError {
  constructor(
    readonly fields: Record<string, string>,
    messageKey = 'errors.validation',
    /** More for the caller beside `fields`, e.g. `{ suggestions: { where: 'Gevelsberg' } }`. */
    extra: Record<string, unknown> = {},
    /** The schema's issue per field, where a schema found it (never sent to API callers). */
    readonly issues: Record<string, FieldIssue> = {},
  ) {
    super(400, 'validation_failed', messageKey, { details: { fields, ...extra } });
  }
}

export class ForbiddenError extends AppError {
  constructor(messageKey = 'errors.forbidden') {
    super(403, 'forbidden', messageKey);
  }
}

export class ConflictError extends AppError {
  constructor(messageKey = 'errors.conflict', options?: { cause?: unknown }) {
    super(409, 'conflict', messageKey, options);
  }
}

/** The search engine cannot answer right now; the database still can. */
export class SearchUnavailableError extends AppError {
  constructor(options?: { cause?: unknown }) {
    super(503, 'search_unavailable', 'errors.searchUnavailable', options);
  }
}

/** Too much work is queued already (PDFs): try again shortly. */
export class BusyError extends AppError {
  constructor(options?: { cause?: unknown }) {
    super(503, 'busy', 'errors.busy', options);
  }
}

/** The database cannot be written (disk full, read-only, closed): reads still work, this write does not. */
export class StorageUnavailableError extends AppError {
  constructor(options?: { cause?: unknown }) {
    super(503, 'storage_unavailable', 'errors.storageUnavailable', options);
  }
}

const STORAGE_WRITE_FAILURES = /SQLITE_(READONLY|FULL|IOERR|CANTOPEN|CORRUPT|NOTADB)|attempt to write a readonly database|database or disk is full|Unable to acquire a connection|aborted/i;
/**
 * PostgreSQL's SQLSTATEs for the same: a read-only transaction or standby
 * (25006), insufficient resources such as a full disk (53xxx), a server
 * shutting down or not yet up (57P0x), a lost connection (08xxx).
 */
const POSTGRES_WRITE_FAILURES = /^(25006|53\d{3}|57P0[1-4]|08\d{3}|ECONNREFUSED|ECONNRESET)$/;

/** Whether an error means the database cannot be written right now, rather than a bug. */
export function isStorageFailure(error: unknown): boolean {
  if (error instanceof StorageUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = 'code' in error ? String(error.code) : '';
  return STORAGE_WRITE_FAILURES.test(code) || POSTGRES_WRITE_FAILURES.test(code) || STORAGE_WRITE_FAILURES.test(error.message);
}
