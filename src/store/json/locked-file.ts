import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import lockfile from 'proper-lockfile';
import type { Logger } from '../../logger.js';
import { sleep } from '../../sleep.js';
import { StoreError } from '../store-error.js';

/**
 * One JSON file that several processes share safely, written with lowdb.
 *
 * - Reads need no lock: every write replaces the file by rename (lowdb's steno), so a
 *   reader sees the old file or the new one, never half of one. A parsed copy is cached
 *   and kept while the file's identity (inode, size, mtime in ns) is unchanged.
 * - Changes take the file's inter-process lock (proper-lockfile: a `<file>.lock`
 *   directory, refreshed while held; a holder killed mid-write leaves a lock that goes
 *   stale after STALE_MS and is taken over), re-read the file under the lock, apply, write,
 *   fsync, unlock. Changes that queue up in this process meanwhile share one lock and one
 *   write (group commit), so a burst costs a few writes, not one each.
 * - A change that throws is rejected alone; a failed write rejects its whole group and
 *   leaves file and cache as they were.
 */
export interface FileKind<T> {
  /** What a missing file means */
  empty(): T;
  /** Parse and validate the file's text; throw a StoreError naming `path` when it is not usable */
  parse(text: string, path: string): T;
}

/** A change: the result for its caller, and whether the draft was changed at all. */
export type Mutation<T, R> = (draft: T) => { value: R; changed: boolean };

interface Pending<T> {
  mutate: Mutation<T, unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** A lock older than this (not refreshed) belongs to a dead process. proper-lockfile's floor is 2 s. */
export const STALE_MS = 3_000;
/** How long to wait for a lock someone else holds: longer than a stale lock lives, far shorter than a hang. */
const LOCK_WAIT_MS = 20_000;

/**
 * Take `<path>.lock`, waiting (with jittered backoff) only while another holder has it:
 * any other failure (a read-only directory, a full disk) is final at once.
 */
export async function acquireLock(path: string, logger: Logger): Promise<() => Promise<void>> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let delay = 2; ; delay = Math.min(delay * 1.5, 100)) {
    try {
      return await lockfile.lock(path, {
        stale: STALE_MS,
        update: 750,
        realpath: false,
        retries: 0,
        lockfilePath: `${path}.lock`,
        onCompromised: (err) => logger.error('store: lost the lock on a data file', { file: path, error: err.message }),
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() + delay > deadline) throw e;
      await sleep(delay * (0.5 + Math.random()));
    }
  }
}

const signature = async (path: string): Promise<string | undefined> => {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
};

export class LockedJsonFile<T> {
  #cache: { sig: string | undefined; doc: T } | undefined;
  #waiting: Pending<T>[] = [];
  #draining: Promise<void> | undefined;
  readonly #db: Low<T>;

  constructor(
    readonly path: string,
    private readonly kind: FileKind<T>,
    private readonly logger: Logger,
  ) {
    // Compact JSON: these files are read by machines; the manifest stays pretty.
    this.#db = new Low<T>(
      new DataFile<T>(path, { parse: (t) => kind.parse(t, path), stringify: JSON.stringify }),
      kind.empty(),
    );
  }

  /** The current document. Shared with the cache: callers copy before handing it out. */
  async read(): Promise<T> {
    const sig = await signature(this.path).catch((e: unknown) => {
      throw unreadable(this.path, e);
    });
    if (this.#cache && this.#cache.sig === sig) return this.#cache.doc;
    if (sig === undefined) {
      this.#cache = { sig, doc: this.kind.empty() };
      return this.#cache.doc;
    }
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return this.read();
      throw unreadable(this.path, e);
    }
    // The signature was taken before reading: if the file changed in between, the next
    // read sees a newer signature and reads again, so the cache is never newer than its key.
    this.#cache = { sig, doc: this.kind.parse(text, this.path) };
    return this.#cache.doc;
  }

  change<R>(mutate: Mutation<T, R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#waiting.push({ mutate, resolve: resolve as (v: unknown) => void, reject });
      this.#draining ??= this.#drain();
    });
  }

  /** Resolves once every change queued so far has settled. */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    // Let the current tick's callers join the first group.
    await Promise.resolve();
    while (this.#waiting.length > 0) {
      const group = this.#waiting;
      this.#waiting = [];
      await this.#commit(group);
    }
    this.#draining = undefined;
  }

  async #commit(group: Pending<T>[]): Promise<void> {
    let release: (() => Promise<void>) | undefined;
    try {
      await mkdir(dirname(this.path), { recursive: true });
      release = await acquireLock(this.path, this.logger);
    } catch (cause) {
      const busy = (cause as NodeJS.ErrnoException).code === 'ELOCKED';
      const error = busy
        ? new StoreError(
            'store_busy',
            `Another process has held the lock on ${this.path} for too long; the change was not saved. Try again.`,
            { cause, file: this.path },
          )
        : new StoreError(
            'store_write_failed',
            `Could not lock ${this.path} for writing (${ioCode(cause)}). The change was not saved; check permissions and free disk space.`,
            { cause, file: this.path },
          );
      for (const p of group) p.reject(error);
      return;
    }
    try {
      await this.#apply(group);
    } finally {
      await release().catch((e: unknown) =>
        this.logger.warn('store: could not release a file lock', { file: this.path, error: String(e) }),
      );
    }
  }

  async #apply(group: Pending<T>[]): Promise<void> {
    let current: T;
    try {
      current = await this.read();
    } catch (e) {
      for (const p of group) p.reject(e);
      return;
    }
    const draft = structuredClone(current);
    const applied: { p: Pending<T>; value: unknown }[] = [];
    let changed = false;
    for (const p of group) {
      try {
        const r = p.mutate(draft);
        changed ||= r.changed;
        applied.push({ p, value: r.value });
      } catch (e) {
        p.reject(e);
      }
    }
    try {
      if (changed) await this.#write(draft);
      for (const { p, value } of applied) p.resolve(value);
    } catch (e) {
      for (const { p } of applied) p.reject(e);
    }
  }

  async #write(next: T): Promise<void> {
    this.#db.data = next;
    try {
      await this.#db.write();
      await syncToDisk(this.path, this.logger);
    } catch (cause) {
      this.#cache = undefined;
      throw new StoreError(
        'store_write_failed',
        `Could not write ${this.path}: ${(cause as Error).message}. The change was not saved; check free disk space and permissions.`,
        { cause, file: this.path },
      );
    }
    this.#cache = { sig: await signature(this.path), doc: next };
  }
}

const ioCode = (e: unknown): string => (e as NodeJS.ErrnoException | undefined)?.code ?? String(e);

const unreadable = (path: string, cause: unknown): StoreError =>
  new StoreError(
    'store_unreadable',
    `Paperboy cannot read its data file ${path} (${ioCode(cause)}). Check that it is a file Paperboy may read.`,
    { cause, file: path },
  );

/** fsync the file and its directory, so "resolved" means "survives a power cut". */
export async function syncToDisk(file: string, logger?: Logger): Promise<void> {
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

/**
 * What the JSON store lends each repository file (saved.ts, installations.ts,
 * json-alerts.ts): a locked read and a locked read-modify-write on its one cache of
 * LockedJsonFiles, each refusing once the store is closed and copying values out.
 */
export interface JsonFileOps {
  read<T, R>(path: string, kind: FileKind<T>, pick: (doc: T) => R): Promise<R>;
  change<T, R>(path: string, kind: FileKind<T>, mutate: Mutation<T, R>): Promise<R>;
}
