/**
 * What the JSON store checks before it trusts a data file, and how it says what is
 * wrong: every refusal names the file and how to recover, and leaves the bytes alone.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import { describeIssues } from '../schema.js';
import { StoreError, type StoreErrorCode } from '../store-error.js';
import { syncToDisk } from './locked-file.js';
import { LATEST_VERSION, versionOf } from './migrations.js';

export const refuse = (
  code: StoreErrorCode,
  file: string,
  problem: string,
  recovery: string,
  cause?: unknown,
): StoreError =>
  new StoreError(code, `Paperboy cannot open its data file ${file}: ${problem}. ${recovery}`, { cause, file });

const ioCode = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;
const readOnlyCodes = new Set(['EACCES', 'EPERM', 'EROFS']);

export async function ensureDirectory(file: string): Promise<void> {
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

export async function readExisting(file: string): Promise<string | undefined> {
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
export async function recovery(file: string): Promise<string> {
  const backups = (await readdir(dirname(file)).catch(() => [] as string[]))
    .filter((n) => n.startsWith(`${basename(file)}.bak-`))
    .sort();
  const newest = backups.at(-1);
  const restore = newest
    ? `restore the newest backup (cp ${join(dirname(file), newest)} ${file}), `
    : `restore a backup (${basename(file)}.bak-<version>-<time>) if you have one, `;
  return `Paperboy has not changed the file. To recover, ${restore}repair the JSON by hand, or move the file away (mv ${file} ${file}.broken) to start with an empty store.`;
}

export async function parseManifest(
  file: string,
  text: string,
): Promise<{ raw: Record<string, unknown>; version: number }> {
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
  if (version > LATEST_VERSION) {
    throw refuse(
      'store_newer_version',
      file,
      `it was written by a newer Paperboy (schema version ${version}; this one reads up to ${LATEST_VERSION})`,
      'Upgrade Paperboy, or restore a backup made before the upgrade. Paperboy has not changed the file.',
    );
  }
  return { raw: record, version };
}

export async function validate<T>(file: string, schema: z.ZodType<T>, raw: unknown, context: string): Promise<T> {
  const parsed = schema.safeParse(raw);
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
export async function assertWritable(file: string, exists: boolean): Promise<void> {
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
export async function backupBeforeMigration(file: string, version: number, at: Date): Promise<string> {
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
