import { createInterface } from 'node:readline';
import type { Bot } from '../../src/bot.js';
import type { Caller } from '../../src/caller.js';
import { colours, plain, renderReply } from './render.js';

/**
 * The terminal is a private, single-person "workspace"; you may configure it as you like.
 * Its person's zone is the host's (TZ), when that names one.
 */
export const terminalCaller = (userId = 'local', timezone?: string): Caller => ({
  platform: 'terminal',
  userId,
  workspaceId: 'local',
  channelId: 'terminal',
  isDirectMessage: false,
  canManageChannel: true,
  ...(timezone ? { timezone } : {}),
});

export interface TerminalIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** The host's time zone (config.hostTimezone), the default for `digest on` */
  timezone?: string;
}

/** Run one command, print the reply, and return the exit code (1 for an error reply). */
export async function execOnce(bot: Bot, text: string, io: Pick<TerminalIO, 'output' | 'timezone'>): Promise<number> {
  const reply = await bot.handle({ caller: terminalCaller('local', io.timezone), text });
  io.output.write(renderReply(reply, io.output.isTTY ? colours : plain));
  return reply.error ? 1 : 0;
}

/**
 * The interactive prompt: type `/papers today` (the `/papers` is optional). Lines are
 * handled one at a time in order; `exit`, `quit` or end of input stops.
 */
export async function runPrompt(bot: Bot, io: TerminalIO): Promise<void> {
  const style = io.output.isTTY ? colours : plain;
  const rl = createInterface({ input: io.input, output: io.output, terminal: Boolean(io.output.isTTY) });
  io.output.write(style.dim('Paperboy — type /papers help, or exit to leave.\n'));
  rl.setPrompt(style.accent('papers> '));
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === 'exit' || text === 'quit') break;
    if (text) {
      const reply = await bot.handle({ caller: terminalCaller('local', io.timezone), text });
      io.output.write(renderReply(reply, style));
    }
    rl.prompt();
  }
  rl.close();
}
