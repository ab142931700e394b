import { mkdir, readlink, realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { targetKey } from '../../caller.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../store.js';
import {
  assertWritable,
  backupBeforeMigration,
  ensureDirectory,
  parseManifest,
  readExisting,
  refuse,
  validate,
} from './file-checks.js';
import { JsonStore } from './json-store.js';
import {
  bucketOf,
  ledgerKind,
  manifestSchema,
  newManifest,
  pathsFor,
  placesKind,
  type Manifest,
  type Paths,
} from './layout.js';
import { acquireLock, LockedJsonFile, syncToDisk, type FileKind } from './locked-file.js';
import { migrate, splitVersion1, version1Schema, type Records } from './migrations.js';

/**
 * The embedded default store: JSON files written with lowdb, safe for any number of
 * Paperboy processes on one host (a running bot and `--exec` runs from cron share it).
 *
 * Opening never writes over a file it cannot fully understand: empty, truncated,
 * corrupt, invalid or newer-version files are refused with a StoreError naming the file
 * and how to recover, bytes untouched. Older layouts are migrated after a byte-exact
 * backup `<file>.bak-<version>-<time>`. A symlinked data file stays a symlink: Paperboy
 * works on the file it points to, and keeps its records beside that file.
 *
 * `new Low(new JSONFile(...))` on purpose: JSONFilePreset silently swaps in an in-memory
 * adapter when NODE_ENV=test, which would make the tests prove nothing about the disk.
 */
export interface JsonStoreOptions {
  file: string;
  logger: Logger;
  /** For backup names; injected so tests can predict them */
  now?: () => Date;
}

export async function openJsonStore(options: JsonStoreOptions): Promise<Store> {
  const file = await followLinks(resolve(options.file));
  const { logger } = options;
  await ensureDirectory(file);
  const paths = pathsFor(file);
  const release = await lockForOpening(file, logger);
  try {
    const text = await readExisting(file);
    if (text === undefined) {
      await assertWritable(file, false);
      await createLayout(paths);
      await writeManifest(file, newManifest());
      logger.info('store: created data file', { file, records: paths.root });
    } else {
      const loaded = await parseManifest(file, text);
      await assertWritable(file, true);
      if (loaded.version < newManifest().version) {
        await migrateToBuckets(paths, loaded, options.now?.() ?? new Date(), logger);
      } else {
        await validate(file, manifestSchema, loaded.raw, '');
        await createLayout(paths);
      }
    }
  } finally {
    await release();
  }
  const store = new JsonStore(paths, logger);
  // Read every place once: a damaged records file stops the start, naming it, instead of
  // failing the first command that happens to touch it.
  const schedules = await store.digests.list();
  logger.debug('store: opened data file', { file, schedules: schedules.length });
  return store;
}

/** The file a (possibly dangling) symlink points to; the path itself otherwise. */
async function followLinks(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch {
    try {
      return resolve(dirname(file), await readlink(file));
    } catch {
      return file;
    }
  }
}

/** Opening and migrating hold the manifest's lock, so instances starting at once migrate once. */
async function lockForOpening(file: string, logger: Logger): Promise<() => Promise<void>> {
  try {
    return await acquireLock(file, logger);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw refuse(
        'store_busy',
        file,
        `another process has held its lock (${file}.lock) for too long`,
        'Wait for it, or if no Paperboy is running, remove that directory.',
        cause,
      );
    }
    // The directory refuses the lock: say why exactly as opening would.
    await assertWritable(file, false);
    const code = (cause as NodeJS.ErrnoException).code ?? String(cause);
    throw refuse(
      'store_unreadable',
      file,
      `its lock ${file}.lock cannot be taken (${code})`,
      'Check the directory and its permissions.',
      cause,
    );
  }
}

async function createLayout(paths: Paths): Promise<void> {
  for (const dir of [paths.root, dirname(paths.places('00')), paths.ledgerDir, dirname(paths.once('00'))]) {
    try {
      await mkdir(dir, { recursive: true });
    } catch (cause) {
      throw refuse(
        'store_read_only',
        paths.manifest,
        `its records directory ${dir} cannot be created`,
        'Give Paperboy write access to the directory that holds the data file.',
        cause,
      );
    }
  }
  await assertWritable(paths.places('00'), false);
}

async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  const db = new Low<Manifest>(new JSONFile<Manifest>(file), manifest);
  await db.write();
  await syncToDisk(file);
}

async function migrateToBuckets(
  paths: Paths,
  loaded: { raw: Record<string, unknown>; version: number },
  at: Date,
  logger: Logger,
): Promise<void> {
  const file = paths.manifest;
  // Check before the backup: a file that cannot be migrated is refused untouched.
  const context =
    loaded.version < 1 ? `Migrating it from schema version ${loaded.version} gave an invalid result. ` : '';
  const v1 = await validate(file, version1Schema, migrate(loaded.raw, loaded.version), context);
  const backup = await backupBeforeMigration(file, loaded.version, at);
  await createLayout(paths);
  await writeRecords(paths, splitVersion1(v1), logger);
  // Last: until the manifest says version 2, a crash above means "migrate again".
  await writeManifest(file, newManifest());
  logger.info('store: migrated data file', { file, from: loaded.version, to: newManifest().version, backup });
}

/** Write migrated records into their bucket files, replacing whatever a crashed migration left. */
async function writeRecords(paths: Paths, records: Records, logger: Logger): Promise<void> {
  const places = new Map<string, { subscriptions: Records['subscriptions']; digests: Records['digests'] }>();
  const placesOf = (key: string) => {
    const path = paths.places(bucketOf(key));
    if (!places.has(path)) places.set(path, { subscriptions: [], digests: [] });
    return places.get(path)!;
  };
  for (const s of records.subscriptions) placesOf(targetKey(s.target)).subscriptions.push(s);
  for (const d of records.digests) placesOf(targetKey(d.target)).digests.push(d);
  const ledger = new Map<string, Records['deliveries']>();
  for (const r of records.deliveries) {
    const path = paths.ledger(r.listDate, bucketOf(targetKey(r.target)));
    ledger.set(path, [...(ledger.get(path) ?? []), r]);
  }
  for (const [path, doc] of places) {
    await replaceWith(path, placesKind, doc, logger);
  }
  for (const [path, deliveries] of ledger) await replaceWith(path, ledgerKind, { deliveries }, logger);
}

/** Replace a file's whole content under its lock (the draft is discarded). */
async function replaceWith<T extends object>(path: string, kind: FileKind<T>, doc: T, logger: Logger): Promise<void> {
  await new LockedJsonFile<T>(path, kind, logger).change((draft) => {
    Object.assign(draft, doc);
    return { value: undefined, changed: true };
  });
}
