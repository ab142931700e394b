import type { z } from 'zod';
import type { Caller } from './caller.js';
import type { Command, RawArgs, Services } from './command.js';
import { isPaperboyError, PaperboyError } from './errors.js';
import { commandText, parseArgs, splitCommand } from './grammar.js';
import { errorFields } from './logger.js';
import { noopMetrics, recordCommand, type Metrics } from './metrics.js';
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

export function createBot(services: Services, commands: readonly Command[], options: { metrics?: Metrics } = {}): Bot {
  const metrics = options.metrics ?? noopMetrics;
  /** `found` learns the command before its arguments are parsed (for the metrics label). */
  function resolve(incoming: IncomingCommand, found: (c: Command) => void): { command: Command; args: RawArgs } {
    let name: string;
    let args: RawArgs | undefined;
    let rest = '';
    if ('text' in incoming) ({ name, rest } = splitCommand(incoming.text));
    else ({ name, args } = incoming);
    if (name === '') name = 'help';
    const command = findCommand(commands, name);
    found(command);
    return { command, args: args ?? parseArgs(command, rest) };
  }

  async function run(incoming: IncomingCommand, found: (c: Command) => void): Promise<Reply> {
    const { command, args } = resolve(incoming, found);
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
      const startedMs = performance.now();
      // A fixed name for the metrics label: never the text someone typed.
      let command = 'unknown';
      const answered = (reply: Reply): Reply => {
        const outcome = reply.error?.code ?? 'ok';
        recordCommand(metrics, { command, platform: incoming.caller.platform, outcome, startedMs });
        return reply;
      };
      try {
        const reply = await run(incoming, (c) => (command = c.name));
        services.logger.debug('command answered', {
          ms: Math.round(performance.now() - startedMs),
          platform: incoming.caller.platform,
        });
        return answered(reply);
      } catch (err) {
        if (isPaperboyError(err)) {
          const help = err.code === 'unknown_command' ? [helpSummary(commands)] : undefined;
          return answered(errorReply(err.code, err.message, help));
        }
        services.logger.error('command failed', { platform: incoming.caller.platform, ...errorFields(err) });
        return answered(
          errorReply(
            'internal',
            'Something went wrong on our side and it has been logged. Please try again in a minute.',
          ),
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
