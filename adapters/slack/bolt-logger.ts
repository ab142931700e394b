import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

/**
 * Bolt and the WebClient log through this, into Paperboy's injected logger. Their
 * debug output (request bodies, headers) is dropped on purpose: the WebClient redacts
 * tokens, but a request body can still hold user text, and debug noise is not ours.
 */
export function boltLogger(logger: Logger, name = 'slack'): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  let prefix = name;
  const line = (msg: unknown[]) =>
    msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : safeJson(m))).join(' ');
  return {
    debug: () => {},
    info: (...msg: unknown[]) => logger.info(line(msg), { source: prefix }),
    warn: (...msg: unknown[]) => logger.warn(line(msg), { source: prefix }),
    error: (...msg: unknown[]) => logger.error(line(msg), { source: prefix }),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n: string) => {
      prefix = n;
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
