/**
 * The injected logger. Shipped code never calls console.* directly: the composition
 * root picks an implementation (JSON lines to stderr, or silent in tests).
 * Never pass secrets (tokens, signing secrets) in `fields`.
 */
import { accessSync, constants, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { error: err.message, ...(code !== undefined ? { code } : {}), stack: err.stack };
  }
  return { error: String(err) };
}

/** JSON lines, one per event, written to the given stream (stderr by default). */
export function createStreamLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const emit = (lvl: LogLevel, msg: string, fields?: LogFields): void => {
    if (order[lvl] < order[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields }) + '\n');
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/**
 * Throws (ENOENT, ENOTDIR, EACCES) when `path` could not be written, creating nothing:
 * the file, or else its folder, or else the folder's parent (one missing folder is made
 * at the first line).
 */
function checkWritable(path: string): void {
  for (const candidate of [path, dirname(path), dirname(dirname(path))]) {
    if (!existsSync(candidate)) continue;
    if (candidate !== path && !statSync(candidate).isDirectory()) {
      throw Object.assign(new Error(`${candidate} is not a folder`), { code: 'ENOTDIR' });
    }
    accessSync(candidate, constants.W_OK);
    return;
  }
  throw Object.assign(new Error(`${dirname(path)} does not exist`), { code: 'ENOENT' });
}

/**
 * JSON lines appended to a file. A path that cannot be written is refused at once (at
 * start-up, not silently later), but the file is created only with its first line, so a
 * run that logs nothing (a refused start, say) leaves no file behind. Lines are written
 * synchronously, so none is lost when the process exits right after logging; should the
 * file still fail, lines go to `fallback`.
 */
export function createFileLogger(level: LogLevel, path: string, fallback: (line: string) => void): Logger {
  checkWritable(path);
  let fd: number | undefined;
  let failed = false;
  const write = (line: string): void => {
    if (failed) return fallback(line);
    try {
      if (fd === undefined) {
        // One level only: the data folder is usually the one missing. (A recursive mkdir
        // never returns for some paths, e.g. under /proc on Linux with Node 20.)
        if (!existsSync(dirname(path))) mkdirSync(dirname(path));
        fd = openSync(path, 'a');
      }
      writeSync(fd, line);
    } catch {
      failed = true;
      fallback(line);
    }
  };
  return createStreamLogger(level, write);
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Keeps every entry in memory; for tests that assert on what was logged. */
export class MemoryLogger implements Logger {
  readonly entries: { level: LogLevel; msg: string; fields?: LogFields }[] = [];
  debug(msg: string, fields?: LogFields): void {
    this.entries.push({ level: 'debug', msg, fields });
  }
  info(msg: string, fields?: LogFields): void {
    this.entries.push({ level: 'info', msg, fields });
  }
  warn(msg: string, fields?: LogFields): void {
    this.entries.push({ level: 'warn', msg, fields });
  }
  error(msg: string, fields?: LogFields): void {
    this.entries.push({ level: 'error', msg, fields });
  }
}
