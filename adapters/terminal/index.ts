import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Bot } from '../../src/bot.js';
import type { Caller } from '../../src/caller.js';
import type { Reply } from '../../src/reply.js';
import { callerFacts } from '../../src/platform.js';
import { TERMINAL_CAPABILITIES, TERMINAL_NAME } from './capabilities.js';
import { colours, plain, renderReply, type Style } from './render.js';

/**
 * The terminal is a private, single-person "workspace"; you may configure it as you like.
 * Its person's zone is the host's (TZ), when that names one.
 */
export const terminalCaller = (userId = 'local', timezone?: string): Caller => ({
  platform: TERMINAL_NAME,
  userId,
  workspaceId: 'local',
  channelId: 'terminal',
  isDirectMessage: false,
  canManageChannel: true,
  ...callerFacts(TERMINAL_CAPABILITIES),
  ...(timezone ? { timezone } : {}),
});

export type TerminalOutput = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface TerminalOptions {
  /** NO_COLOR: never colour, even on a TTY */
  noColor?: boolean;
  /** --json: every reply as one line of JSON, for scripts */
  json?: boolean;
  /** The host's time zone (config.hostTimezone), the default for `digest on` */
  timezone?: string;
}

/**
 * Everything Paperboy writes to the terminal goes through here: replies, and digests
 * that a schedule prints while the prompt waits. It decides colour (a TTY, and no
 * NO_COLOR), the width to wrap to (the TTY's columns, read at each write so a resized
 * window is followed; none for a pipe), and JSON for --json. A write from outside the
 * prompt clears the prompt line first and redraws `papers>` with what was typed after.
 */
export class TerminalScreen {
  readonly style: Style;
  readonly json: boolean;
  readonly timezone: string | undefined;
  #prompt: Interface | undefined;
  #waiting = false;

  constructor(
    readonly output: TerminalOutput,
    options: TerminalOptions = {},
  ) {
    this.json = options.json === true;
    this.timezone = options.timezone;
    this.style = output.isTTY && !options.noColor && !this.json ? colours : plain;
  }

  /** Columns to wrap to, or undefined when not writing to a terminal (or writing JSON). */
  width(): number | undefined {
    return this.output.isTTY && !this.json && this.output.columns ? this.output.columns : undefined;
  }

  reply(reply: Reply): void {
    this.output.write(this.json ? `${JSON.stringify(reply)}\n` : renderReply(reply, this.style, this.width()));
  }

  /** Text that arrives on its own (a scheduled digest): printed above a waiting prompt, which is then redrawn. */
  print(text: string): void {
    const prompt = this.#waiting ? this.#prompt : undefined;
    if (prompt && this.output.isTTY) {
      clearLine(this.output, 0);
      cursorTo(this.output, 0);
    }
    this.output.write(text);
    // prompt(true) keeps what was typed so far and where the cursor was.
    if (prompt) prompt.prompt(true);
  }

  /** The prompt is shown and waiting for a line (true), or a command is running (false). */
  waiting(prompt: Interface | undefined, waiting: boolean): void {
    this.#prompt = prompt;
    this.#waiting = waiting;
  }
}

/** Run one command, print the reply, and return the exit code (1 for an error reply). */
export async function execOnce(bot: Bot, text: string, screen: TerminalScreen): Promise<number> {
  const reply = await bot.handle({ caller: terminalCaller('local', screen.timezone), text });
  screen.reply(reply);
  return reply.error ? 1 : 0;
}

/**
 * The interactive prompt: type `/papers today` (the `/papers` is optional). Lines are
 * handled one at a time in order; `exit`, `quit` or end of input stops. With --json
 * there is no banner and no prompt text: one JSON reply per line read.
 */
export async function runPrompt(bot: Bot, input: NodeJS.ReadableStream, screen: TerminalScreen): Promise<void> {
  const { output, style, json } = screen;
  const rl = createInterface({ input, output, terminal: Boolean(output.isTTY) && !json });
  if (!json) output.write(style.dim('Paperboy — type /papers help, or exit to leave.\n'));
  rl.setPrompt(json ? '' : style.accent('papers> '));
  const ask = (): void => {
    screen.waiting(rl, true);
    rl.prompt();
  };
  ask();
  try {
    for await (const line of rl) {
      screen.waiting(rl, false);
      const text = line.trim();
      if (text === 'exit' || text === 'quit') break;
      if (text) screen.reply(await bot.handle({ caller: terminalCaller('local', screen.timezone), text }));
      ask();
    }
  } finally {
    screen.waiting(undefined, false);
    rl.close();
  }
}
