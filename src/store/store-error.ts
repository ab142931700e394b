/**
 * Errors from a Store. The code is stable (tests, logs, the composition root decide on
 * it); the message names the file and says how to recover, because the person reading it
 * is whoever starts Paperboy, usually without the source at hand.
 */
export type StoreErrorCode =
  /** The file is not valid JSON (truncated, half-written by another tool) */
  | 'store_corrupt'
  /** The file exists but is empty (zero bytes or only whitespace) */
  | 'store_empty'
  /** Valid JSON, but not the shape this version of Paperboy expects */
  | 'store_invalid'
  /** Written by a newer Paperboy; we refuse rather than drop what we don't understand */
  | 'store_newer_version'
  /** The file or its directory cannot be written */
  | 'store_read_only'
  /** Any other I/O failure while opening (permissions to read, a directory in the way) */
  | 'store_unreadable'
  /** A write did not reach the disk; the change was not applied */
  | 'store_write_failed'
  /** The store was closed; the composition root is shutting down */
  | 'store_closed'
  /** A record failed validation before it was stored (a bug in the caller) */
  | 'invalid_record'
  /** A subscription with that id is already stored */
  | 'duplicate_id'
  /** A delivery row changed under us, or our lease on it ended: another owner took over */
  | 'lease_lost'
  /** Another process held the data file's lock for longer than we wait */
  | 'store_busy'
  /** The database cannot be reached (PostgreSQL down, wrong URL) */
  | 'store_unreachable'
  /** The database answered with an error (a bug, or a schema someone changed by hand) */
  | 'store_failed';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  /** The data file involved, when there is one */
  readonly file: string | undefined;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown; file?: string }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'StoreError';
    this.code = code;
    this.file = options?.file;
  }
}

export const isStoreError = (e: unknown): e is StoreError => e instanceof StoreError;
