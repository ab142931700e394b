import { z } from 'zod';
import type { Caller } from './caller.js';
import type { DigestService } from './digest/service.js';
import type { Logger } from './logger.js';
import type { PaperSource } from './papers/source.js';
import type { Reply } from './reply.js';
import type { PaperSearchIndex } from './search/paper-search-index.js';
import type { Store } from './store/store.js';
import { usageOf } from './usage.js';

/**
 * Everything a command may use. Built once by the composition root (src/main.ts);
 * tests build it with working fakes (sample source, memory store).
 */
export interface Services {
  papers: PaperSource;
  store: Store;
  logger: Logger;
  /** The clock; injected so tests and the scheduler agree on "now" */
  now: () => Date;
  /**
   * Digest settings, status and delivery through the ledger (`digest on/off/status/now`);
   * wired by the composition root with the running platforms' sinks.
   */
  digest: DigestService;
  /**
   * Ranked search (BM25, title > keywords > abstract) over every paper fetched so far
   * plus recent history; absent in tests that do not need it.
   */
  search?: PaperSearchIndex;
}

export interface CommandContext<A> {
  args: A;
  caller: Caller;
  services: Services;
  /** The canonical text of this invocation without `page=`, for paging buttons */
  commandText: string;
  /** Every registered command (for help) */
  commands: readonly Command[];
}

/** Arguments arrive as strings (typed text, or Discord options turned into strings). */
export type RawArgs = Record<string, string>;

/**
 * One command, defined once for every platform. The zod `args` object is the single
 * source of truth: the text grammar validates with it, help text and Discord's slash
 * command options are generated from it (descriptions via `.describe()`).
 */
export interface Command<S extends z.ZodObject = z.ZodObject> {
  name: string;
  /** One line, <= 100 characters (Discord's description limit) */
  summary: string;
  /**
   * e.g. "today [top=N] [min_upvotes=N] [sort=top|new] [page=N]": generated from `args`
   * by defineCommand (src/usage.ts), as help is.
   */
  usage: string;
  examples: string[];
  /** Lines `help <command>` adds after the examples (how it works, what it costs) */
  notes?: string[];
  /** The key in `args` that receives the free text after the command name, if any */
  positional?: string;
  /** Bare words accepted at the end of the line as `key=true` (e.g. `here`) */
  flags?: string[];
  args: S;
  /**
   * channel: may change what a channel receives when `here` is given; personal: acts for
   * the caller (it may still read a channel's settings with `here`). Adapters use it for
   * permissions metadata (Discord registers channel commands apart).
   */
  scope: 'personal' | 'channel';
  /**
   * Who may run it for a channel (`here`): 'required' — only those the platform says may
   * manage the channel (the core refuses everyone else, before `run`); 'informed' — the
   * core asks the platform and passes the answer in caller.canManageChannel; 'none' — not
   * asked. A function decides per arguments (`digest status here` reads, `digest on here`
   * changes). Default: 'required' for scope 'channel', 'none' otherwise.
   */
  channelRights?: ChannelRights | ((args: z.output<S>) => ChannelRights);
  /**
   * 'private' when the answer is about the caller alone (their topics and digest, help,
   * an export): a platform that must show something before the answer is ready (Discord's
   * deferral) shows it privately from the start. Each Reply still carries its own
   * visibility. Default 'public'.
   */
  answers?: 'private' | 'public';
  run(ctx: CommandContext<z.output<S>>): Promise<Reply>;
}

export type ChannelRights = 'required' | 'informed' | 'none';

/** What `command` needs from the platform for these arguments, by the rule above. */
export function channelRightsFor(command: Command, args: Record<string, unknown>): ChannelRights {
  if (args.here !== true && args.here !== 'true') return 'none';
  const rule = command.channelRights ?? (command.scope === 'channel' ? 'required' : 'none');
  return typeof rule === 'function' ? rule(args) : rule;
}

/** A command as written in commands/: its usage line is generated unless given. */
export type CommandDefinition<S extends z.ZodObject = z.ZodObject> = Omit<Command<S>, 'usage'> & { usage?: string };

/**
 * Checks `run` against its own args schema, fills in the usage line from the schema,
 * then erases the schema type so commands of different shapes share one list (the bot
 * validates args before calling `run`).
 */
export const defineCommand = <S extends z.ZodObject>(c: CommandDefinition<S>): Command =>
  ({ ...c, usage: c.usage ?? usageOf(c) }) as unknown as Command;

// Argument builders: each carries its description and bounds, which help text and the
// Discord option builder read back through z.toJSONSchema.

/**
 * Plain decimal digits, no sign, no leading zero: what people mean by a count or a page.
 * `Number()` alone would also take 0x10, 1e1, +5, 05 and " 5 " — hiding typos and
 * making the same page reachable under many spellings.
 */
const PLAIN_INTEGER = /^(0|[1-9][0-9]*)$/;
/** Where a message names the option (`top=`); bot.ts puts the option's name in. */
export const OPTION_NAME = '{option}';

export const intArg = (description: string, min: number, max: number) => {
  const example = Math.min(max, Math.max(min, 5));
  const plain = `must be a whole number from ${min} to ${max} in plain digits (no sign, leading zero, decimal point or exponent), e.g. ${OPTION_NAME}=${example}`;
  return z
    .preprocess(
      (value, ctx) => {
        // Numbers come from defaults (and adapters that already hold one).
        if (typeof value !== 'string') return value;
        const digits = value.trim();
        if (!PLAIN_INTEGER.test(digits)) {
          ctx.addIssue({ code: 'custom', message: plain });
          return z.NEVER;
        }
        return Number(digits);
      },
      z
        .number({ error: plain })
        .int({ error: plain, abort: true })
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    )
    .describe(description);
};

export const flagArg = (description: string) =>
  z.stringbool({ error: 'must be true or false' }).optional().meta({ description, flag: true });

/**
 * Free text (search words, a topic): in it, an unrelated `a=b` is just a word.
 * `completes: 'own-topics'` lets platforms that complete as you type (Discord) offer the
 * caller's topics (or, for a channel, its topics to those who may change them).
 */
export const textArg = (description: string, maxLength: number, options: { completes?: 'own-topics' } = {}) =>
  z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(maxLength, { error: `must be at most ${maxLength} characters` })
    .meta({ description, freeText: true, ...options });
