import type { z } from 'zod';
import type { Caller } from './caller.js';
import type { Command, RawArgs, Services } from './command.js';
import { isPaperboyError, PaperboyError } from './errors.js';
import { commandText, lineArgs, splitCommand } from './grammar.js';
import { errorFields } from './logger.js';
import { errorReply, type Reply } from './reply.js';
import { findCommand } from './help.js';

/**
 * The one way in. Every adapter turns a platform event into an IncomingCommand and
 * calls `handle`; the digest scheduler uses the same core. `handle` never throws:
 * bad input becomes a friendly error Reply, and bugs become `internal` (logged).
 */
export type IncomingCommand = { caller: Caller; text: string } | { caller: Caller; name: string; args: RawArgs };

export interface Bot {
  handle(incoming: IncomingCommand): Promise<Reply>;
  readonly commands: readonly Command[];
}

export function createBot(services: Services, commands: readonly Command[]): Bot {
  function resolve(incoming: IncomingCommand): { command: Command; args: RawArgs } {
    if (!('text' in incoming)) return { command: findCommand(commands, incoming.name || 'help'), args: incoming.args };
    const line = splitCommand(incoming.text);
    const command = findCommand(commands, line.name || 'help');
    return { command, args: lineArgs(command, line) };
  }

  async function run(incoming: IncomingCommand): Promise<Reply> {
    const { command, args } = resolve(incoming);
    const parsed = command.args.safeParse(args);
    if (!parsed.success) throw new PaperboyError('bad_input', describeIssues(command, parsed.error, args));
    return command.run({
      args: parsed.data,
      caller: incoming.caller,
      services,
      commandText: commandText(command, args),
      commands,
    });
  }

  return {
    commands,
    async handle(incoming) {
      const started = performance.now();
      try {
        const reply = await run(incoming);
        services.logger.debug('command answered', {
          ms: Math.round(performance.now() - started),
          platform: incoming.caller.platform,
        });
        return reply;
      } catch (err) {
        if (isPaperboyError(err)) {
          const help = err.code === 'unknown_command' ? [helpSummary(commands)] : undefined;
          return errorReply(err.code, err.message, help);
        }
        services.logger.error('command failed', { platform: incoming.caller.platform, ...errorFields(err) });
        return errorReply(
          'internal',
          'Something went wrong on our side and it has been logged. Please try again in a minute.',
        );
      }
    },
  };
}

function describeIssues(command: Command, error: z.ZodError, args: RawArgs): string {
  const problems = error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const label = key === command.positional ? key : `${key}=`;
    if (key && !args[key]?.trim()) {
      return key === command.positional
        ? `\`${command.name}\` needs ${/^[aeiou]/.test(key) ? 'an' : 'a'} ${key}`
        : `${label} needs a value`;
    }
    return key ? `${label} ${issue.message}` : issue.message;
  });
  return `${problems.join('; ')}. Usage: /papers ${command.usage}`;
}

export const helpSummary = (commands: readonly Command[]): string =>
  `Commands: ${commands.map((c) => c.name).join(', ')}.`;
