import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Logger } from '../logger.js';
import { storeOverDocument, type DocumentHost } from './document-store.js';
import { migrate, versionOf } from './migrations.js';
import { CURRENT_VERSION, describeIssues, emptyDocument, storeDocumentSchema, type StoreDocument } from './schema.js';
import { StoreError, type StoreErrorCode } from './store-error.js';
import type { Store } from './store.js';

/**
 * The embedded default: one JSON file, written with lowdb 7.
 *
 * - Opening never writes over a file it cannot fully understand: empty, truncated,
 *   corrupt, invalid or newer-version files make `openLowdbStore` reject with a
 *   StoreError naming the file and how to recover, and the bytes stay as they were.
 * - Older versions are migrated, after a backup copy `<file>.bak-<version>-<time>`.
 * - Changes go through one queue (no lost updates between concurrent callers); those
 *   that arrive while a write is in flight are written together by the next one (group
 *   commit), so a digest fan-out's many ledger updates cost a few writes, not thousands.
 *   Writes are atomic (lowdb's steno writes a temp file and renames it) and fsynced before
 *   any of their promises resolve. One process per file: nothing locks across processes.
 *
 * `new Low(new JSONFile(...))` on purpose: JSONFilePreset silently swaps in an in-memory
 * adapter when NODE_ENV=test, which would make the tests prove nothing about the disk.
 */
export interface LowdbStoreOptions {
  file: string;
  logger: Logger;
  /** For backup names; injected so tests can predict them */
  now?: () => Date;
}

export async function openLowdbStore(options: LowdbStoreOptions): Promise<Store> {
  const file = resolve(options.file);
  const now = options.now ?? (() => new Date());
  const { logger } = options;

  await ensureDirectory(file);
  const text = await readExisting(file);
  let doc: StoreDocument;
  // A new file, or a migrated one, is written once before anything else happens.
  let needsWrite = true;
  if (text === undefined) {
    await assertWritable(file, false);
    doc = emptyDocument();
  } else {
    const loaded = await parseFile(file, text);
    await assertWritable(file, true);
    if (loaded.version < CURRENT_VERSION) {
      const backup = await backupBeforeMigration(file, loaded.version, now());
      doc = await validate(
        file,
        migrate(loaded.raw, loaded.version),
        `Migrating it from schema version ${loaded.version} gave an invalid result (a copy of the original is in ${backup}). `,
      );
      logger.info('store: migrated data file', { file, from: loaded.version, to: CURRENT_VERSION, backup });
    } else {
      doc = await validate(file, loaded.raw, '');
      needsWrite = false;
    }
  }

  const db = new Low<StoreDocument>(new JSONFile<StoreDocument>(file), doc);
  let committed = doc;
  const persist = async (next: StoreDocument): Promise<void> => {
    db.data = next;
    try {
      await db.write();
    } catch (cause) {
      db.data = committed;
      throw new StoreError(
        'store_write_failed',
        `Could not write ${file}: ${(cause as Error).message}. The change was not saved; check free disk space and permissions.`,
        { cause, file },
      );
    }
    committed = next;
    await syncToDisk(file, logger);
  };

  const commits = new GroupCommit(() => committed, persist);

  if (needsWrite) {
    await persist(doc);
    if (text === undefined) logger.info('store: created data file', { file });
  }

  const host: DocumentHost = {
    current: () => committed,
    change: (mutate) => commits.enqueue(mutate),
    close: () => commits.idle(),
  };
  logger.debug('store: opened data file', {
    file,
    subscriptions: doc.subscriptions.length,
    digests: doc.digests.length,
    deliveries: doc.deliveries.length,
  });
  return storeOverDocument(host);
}

// --- writing -----------------------------------------------------------------------

interface PendingChange {
  mutate: (draft: StoreDocument) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: one write at a time; changes that arrive meanwhile wait and are applied,
 * in order, to a fresh copy of the committed document and written together. A change
 * whose own check fails (it throws before touching the draft) is rejected alone; a
 * failed write rejects the whole group and leaves the committed document as it was.
 */
class GroupCommit {
  #waiting: PendingChange[] = [];
  #writing: Promise<void> | undefined;

  constructor(
    private readonly committed: () => StoreDocument,
    private readonly persist: (next: StoreDocument) => Promise<void>,
  ) {}

  enqueue<T>(mutate: (draft: StoreDocument) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ mutate, resolve: resolve as (v: unknown) => void, reject });
      this.#writing ??= this.#drain();
    });
  }

  /** Resolves once every change enqueued so far is written (or has failed). */
  async idle(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async #drain(): Promise<void> {
    // Let the current tick's callers join the first group too.
    await Promise.resolve();
    while (this.#waiting.length > 0) {
      const group = this.#waiting;
      this.#waiting = [];
      const draft = structuredClone(this.committed());
      const applied: { change: PendingChange; result: unknown }[] = [];
      for (const change of group) {
        try {
          applied.push({ change, result: change.mutate(draft) });
        } catch (e) {
          change.reject(e);
        }
      }
      if (applied.length === 0) continue;
      try {
        await this.persist(draft);
        for (const { change, result } of applied) change.resolve(result);
      } catch (e) {
        for (const { change } of applied) change.reject(e);
      }
    }
    this.#writing = undefined;
  }
}

// --- opening -----------------------------------------------------------------------

const refuse = (code: StoreErrorCode, file: string, problem: string, recovery: string, cause?: unknown): StoreError =>
  new StoreError(code, `Paperboy cannot open its data file ${file}: ${problem}. ${recovery}`, { cause, file });

const ioCode = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;
const readOnlyCodes = new Set(['EACCES', 'EPERM', 'EROFS']);

async function ensureDirectory(file: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
  } catch (cause) {
    const code = readOnlyCodes.has(ioCode(cause) ?? '') ? 'store_read_only' : 'store_unreadable';
    throw refuse(
      code,
      file,
      `its directory ${dirname(file)} cannot be created (${ioCode(cause) ?? (cause as Error).message})`,
      'Create the directory with write access for Paperboy, or point PAPERBOY_DATA_FILE somewhere writable.',
      cause,
    );
  }
}

async function readExisting(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    if (ioCode(cause) === 'ENOENT') return undefined;
    throw refuse(
      'store_unreadable',
      file,
      `it cannot be read (${ioCode(cause) ?? (cause as Error).message})`,
      'Check that it is a file Paperboy may read, or point PAPERBOY_DATA_FILE elsewhere.',
      cause,
    );
  }
}

/** How to get going again; names the newest backup when there is one. */
async function recovery(file: string): Promise<string> {
  const backups = (await readdir(dirname(file)).catch(() => [] as string[]))
    .filter((n) => n.startsWith(`${basename(file)}.bak-`))
    .sort();
  const newest = backups.at(-1);
  const restore = newest
    ? `restore the newest backup (cp ${join(dirname(file), newest)} ${file}), `
    : `restore a backup (${basename(file)}.bak-<version>-<time>) if you have one, `;
  return `Paperboy has not changed the file. To recover, ${restore}repair the JSON by hand, or move the file away (mv ${file} ${file}.broken) to start with an empty store.`;
}

async function parseFile(file: string, text: string): Promise<{ raw: Record<string, unknown>; version: number }> {
  if (text.trim() === '') {
    throw refuse(
      'store_empty',
      file,
      'the file is empty (perhaps a crash or a full disk while it was written)',
      await recovery(file),
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw refuse(
      'store_corrupt',
      file,
      `it is not valid JSON, perhaps truncated (${(cause as Error).message})`,
      await recovery(file),
      cause,
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw refuse('store_invalid', file, 'it does not hold a Paperboy data object', await recovery(file));
  }
  const record = raw as Record<string, unknown>;
  const version = versionOf(record);
  if (version === undefined) {
    const why =
      'version' in record
        ? `its schema version ${JSON.stringify(record.version)} is not a whole number`
        : "it has no schema version and does not look like a Paperboy data file (another program's file?)";
    throw refuse('store_invalid', file, why, await recovery(file));
  }
  if (version > CURRENT_VERSION) {
    throw refuse(
      'store_newer_version',
      file,
      `it was written by a newer Paperboy (schema version ${version}; this one reads up to ${CURRENT_VERSION})`,
      'Upgrade Paperboy, or restore a backup made before the upgrade. Paperboy has not changed the file.',
    );
  }
  return { raw: record, version };
}

async function validate(file: string, raw: unknown, context: string): Promise<StoreDocument> {
  const parsed = storeDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    throw refuse(
      'store_invalid',
      file,
      `its content is not valid (${describeIssues(parsed.error)})`,
      context + (await recovery(file)),
      parsed.error,
    );
  }
  return parsed.data;
}

/** Fail at start, not at the first subscription, when the file or directory is read-only. */
async function assertWritable(file: string, exists: boolean): Promise<void> {
  const probe = join(dirname(file), `.${basename(file)}.probe-${process.pid}`);
  try {
    if (exists) await (await open(file, 'r+')).close();
    await (await open(probe, 'w')).close();
    await unlink(probe);
  } catch (cause) {
    if (!readOnlyCodes.has(ioCode(cause) ?? ''))
      throw refuse(
        'store_unreadable',
        file,
        `it cannot be opened for writing (${ioCode(cause) ?? (cause as Error).message})`,
        'Check the path and its permissions.',
        cause,
      );
    throw refuse(
      'store_read_only',
      file,
      `it or its directory is read-only (${ioCode(cause)})`,
      'Paperboy writes the file atomically (temp file + rename) and needs write access to both the file and its directory; fix the permissions or point PAPERBOY_DATA_FILE somewhere writable.',
      cause,
    );
  }
}

/** `<file>.bak-<version>-<UTC time>`; never overwrites an existing backup. */
async function backupBeforeMigration(file: string, version: number, at: Date): Promise<string> {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const backup = `${file}.bak-${version}-${stamp}`;
  try {
    await copyFile(file, backup, constants.COPYFILE_EXCL);
  } catch (cause) {
    if (ioCode(cause) !== 'EEXIST') {
      throw refuse(
        'store_read_only',
        file,
        `the backup ${backup} could not be written before migrating (${ioCode(cause) ?? (cause as Error).message})`,
        'Free some disk space or fix the directory permissions; nothing was changed.',
        cause,
      );
    }
  }
  await syncToDisk(backup);
  return backup;
}

/** fsync the file and its directory, so "resolved" means "survives a power cut". */
async function syncToDisk(file: string, logger?: Logger): Promise<void> {
  for (const path of [file, dirname(file)]) {
    try {
      const handle = await open(path, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (e) {
      // Some platforms cannot open or fsync a directory; the rename is still atomic.
      if (path === file) logger?.warn('store: fsync failed', { file, error: (e as Error).message });
    }
  }
}
