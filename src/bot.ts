import type { z } from 'zod';
import type { Caller, IncomingCaller } from './caller.js';
import { channelRightsFor, OPTION_NAME, type Command, type RawArgs, type Services } from './command.js';
import { isPaperboyError, PaperboyError } from './errors.js';
import { cleanInput, commandText, lineArgs, splitCommand, unknownOption } from './grammar.js';
import { INPUT_LIMITS, stripInvisible } from './input.js';
import { errorFields } from './logger.js';
import { noopMetrics, recordCommand, type Metrics } from './metrics.js';
import { code, errorReply, joinText, type Reply, rich, type Text } from './reply.js';
import { findCommand } from './help.js';

/**
 * The one way in. Every adapter turns a platform event into an IncomingCommand and
 * calls `handle`; the digest scheduler uses the same core. `handle` never throws:
 * bad input becomes a friendly error Reply, and bugs become `internal` (logged).
 */
export type IncomingCommand =
  { caller: IncomingCaller; text: string } | { caller: IncomingCaller; name: string; args: RawArgs };

export interface Bot {
  handle(incoming: IncomingCommand): Promise<Reply>;
  readonly commands: readonly Command[];
}

export function createBot(services: Services, commands: readonly Command[], options: { metrics?: Metrics } = {}): Bot {
  const metrics = options.metrics ?? noopMetrics;
  /**
   * The edge, the same for every platform: invisible characters out of the text or of
   * every option name and value, then every argument bounded by length, before any
   * parsing, suggestion or echo sees it. `found` learns the command before its
   * arguments are parsed (for the metrics label).
   */
  function resolve(incoming: IncomingCommand, found: (c: Command) => void): { command: Command; args: RawArgs } {
    let command: Command;
    let args: RawArgs;
    if ('text' in incoming) {
      const line = splitCommand(incoming.text);
      command = findCommand(commands, line.name || 'help');
      found(command);
      args = lineArgs(command, line);
    } else {
      const name = cleanInput(incoming.name.slice(0, INPUT_LIMITS.name * 2)).toLowerCase();
      command = findCommand(commands, name || 'help');
      found(command);
      args = cleanArgs(command, incoming.args);
    }
    boundArgs(command, args);
    return { command, args };
  }

  async function run(incoming: IncomingCommand, found: (c: Command) => void): Promise<Reply> {
    const { command, args } = resolve(incoming, found);
    const parsed = command.args.safeParse(args);
    if (!parsed.success) throw new PaperboyError('bad_input', describeIssues(command, parsed.error, args));
    return command.run({
      args: parsed.data,
      caller: await callerFor(incoming.caller, command, parsed.data),
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
          return answered(errorReply(err.code, err.text, help));
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

/**
 * The channel-rights rule, in one place for every platform: the command says what it
 * needs for these arguments (src/command.ts `channelRights`), the platform answers "may
 * this person manage this channel?" — asked only then, since on Slack it costs a call —
 * and whoever may not is refused before the command runs. `here` in a DM means the DM
 * itself, which needs no rights. The person's own zone is asked for the same way: only
 * for a command with a `tz=` option that was left out.
 */
async function callerFor(incoming: IncomingCaller, command: Command, args: Record<string, unknown>): Promise<Caller> {
  const rights = incoming.isDirectMessage ? 'none' : channelRightsFor(command, args);
  const known = incoming.canManageChannel;
  const canManageChannel =
    rights === 'none' ? typeof known === 'boolean' && known : typeof known === 'boolean' ? known : await known();
  if (rights === 'required' && !canManageChannel) throw refusal(command, incoming);
  const { timezone: zone, ...rest } = incoming;
  const wantsZone = 'tz' in command.args.shape && args.tz === undefined;
  const timezone = typeof zone === 'function' ? (wantsZone ? await zone() : undefined) : zone;
  return { ...rest, canManageChannel, ...(timezone ? { timezone } : {}) };
}

function refusal(command: Command, caller: IncomingCaller): PaperboyError {
  const note = caller.channelRightsNote ? ` (${caller.channelRightsNote})` : '';
  return new PaperboyError(
    'forbidden',
    rich`Only people who can manage this channel can change what it receives: ${code(command.name)} for this channel needs channel-admin rights${note}. You can still use ${code(`/papers ${command.name}`)} for yourself, without ${code('here')}: papers then come to you by direct message.`,
  );
}

/** Named arguments (Discord options): cleaned, counted, and only the command's own. */
function cleanArgs(command: Command, raw: RawArgs): RawArgs {
  const keys = Object.keys(raw);
  if (keys.length > INPUT_LIMITS.options) {
    throw new PaperboyError(
      'bad_input',
      rich`That is ${keys.length} options; ${code(command.name)} takes at most ${Object.keys(command.args.shape).length}. Usage: /papers ${command.usage}`,
    );
  }
  const known = Object.keys(command.args.shape);
  const args: RawArgs = {};
  for (const key of keys) {
    const name = stripInvisible(key.slice(0, INPUT_LIMITS.name * 2))
      .trim()
      .toLowerCase();
    if (!known.includes(name))
      throw unknownOption(
        command,
        name,
        known.filter((k) => k !== command.positional),
      );
    if (args[name] !== undefined) throw new PaperboyError('bad_input', `${name}= is given twice; give it once.`);
    args[name] = stripInvisible(String(raw[key]));
  }
  return args;
}

/** Every argument within its length, checked before anything reads what is inside it. */
function boundArgs(command: Command, args: RawArgs): void {
  for (const [key, value] of Object.entries(args)) {
    const positional = key === command.positional;
    const max = positional ? INPUT_LIMITS.positional : INPUT_LIMITS.option;
    if (value.length <= max) continue;
    throw new PaperboyError(
      'bad_input',
      `${positional ? `The ${key}` : `${key}=`} is ${value.length} characters long; Paperboy reads at most ${max} there. Usage: /papers ${command.usage}`,
    );
  }
}

function describeIssues(command: Command, error: z.ZodError, args: RawArgs): Text {
  const problems = error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const label = key === command.positional ? key : `${key}=`;
    if (key && !args[key]?.trim()) {
      return key === command.positional
        ? rich`${code(command.name)} needs ${/^[aeiou]/.test(key) ? 'an' : 'a'} ${key}`
        : `${label} needs a value`;
    }
    const message = issue.message.replaceAll(OPTION_NAME, key);
    return key ? `${label} ${message}` : message;
  });
  return rich`${joinText(problems, '; ')}. Usage: /papers ${command.usage}`;
}

export const helpSummary = (commands: readonly Command[]): string =>
  `Commands: ${commands.map((c) => c.name).join(', ')}.`;
