/**
 * The injected logger. Shipped code never calls console.* directly: the composition
 * root picks an implementation (JSON lines to stderr, or silent in tests).
 * Never pass secrets (tokens, signing secrets) in `fields`.
 */
import { mkdirSync, openSync, writeSync } from 'node:fs';
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
 * JSON lines appended to a file. The file is opened (and its folder made) at once, so a
 * path that cannot be written fails at start-up, not silently later; lines are written
 * synchronously, so none is lost when the process exits right after logging.
 */
export function createFileLogger(level: LogLevel, path: string): Logger {
  // One level only: the data folder is usually the one missing. (A recursive mkdir also
  // never returns for some paths, e.g. under /proc on Linux with Node 20.)
  try {
    mkdirSync(dirname(path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const fd = openSync(path, 'a');
  return createStreamLogger(level, (line) => writeSync(fd, line));
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
