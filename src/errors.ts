import { plainText, type Text } from './reply.js';

/**
 * Errors that reach users carry a stable code (for tests, logs and adapters) and a
 * message that says what would work. Anything else thrown inside a command is a bug:
 * the bot answers with `internal` and logs the cause, never a stack trace to the user.
 */
export type ErrorCode =
  | 'bad_input'
  | 'unknown_command'
  | 'not_found'
  | 'future_date'
  | 'upstream_unavailable'
  | 'forbidden'
  | 'limit_reached'
  | 'duplicate'
  | 'expired'
  | 'internal';

export class PaperboyError extends Error {
  readonly code: ErrorCode;
  /** The message with its inline code and links, for the user; `message` is its plain form */
  readonly text: Text;
  constructor(code: ErrorCode, message: Text, options?: { cause?: unknown }) {
    super(plainText(message), options);
    this.name = 'PaperboyError';
    this.code = code;
    this.text = message;
  }
}

/**
 * Paperboy could not start for a reason outside its configuration, such as a platform
 * that cannot be reached. Like a ConfigError, main prints it plainly and exits 2.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

export const isPaperboyError = (e: unknown): e is PaperboyError => e instanceof PaperboyError;
