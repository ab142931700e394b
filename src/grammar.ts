import { z } from 'zod';
import type { Command, RawArgs } from './command.js';
import { PaperboyError } from './errors.js';
import { excerpt, INPUT_LIMITS, stripInvisible } from './input.js';
import { closest } from './suggest.js';
import { collapseWhitespace } from './text/whitespace.js';
import { rich, code } from './reply.js';

/**
 * The one text grammar shared by Slack and the terminal:
 *   [/papers] <command> [free text] [key=value ...] [flag]
 * `key=value` pairs are recognised only for the command's own option names, so topic
 * text such as `author:"Yann LeCun"` passes through untouched. Quotes group words;
 * the free text keeps its original spelling (quotes included) for the topic parser.
 * Every step is one pass over a line of at most INPUT_LIMITS.line characters.
 */
interface Token {
  text: string;
  value: string;
  start: number;
  end: number;
}

const isQuote = (ch: string): boolean => ch === '"' || ch === '“' || ch === '”' || ch === '„';

/** Invisible characters out, runs of whitespace to one space. */
export function cleanInput(text: string): string {
  return collapseWhitespace(stripInvisible(text));
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    const start = i;
    let value = '';
    let quoted = false;
    let from = i;
    // One pass: quotes toggle grouping; the value is the token without its quotes.
    while (i < text.length && (quoted || text[i] !== ' ')) {
      if (isQuote(text[i]!)) {
        value += text.slice(from, i);
        quoted = !quoted;
        from = i + 1;
      }
      i++;
    }
    value += text.slice(from, i);
    tokens.push({ text: text.slice(start, i), value, start, end: i });
  }
  return tokens;
}

export interface ParsedLine {
  name: string;
  rest: string;
  /**
   * Typed as Discord's `/papers-channel <command> …` (a hint copied from Discord, say):
   * in this grammar that is `/papers <command> … here`.
   */
  channel?: boolean;
}

const CHANNEL_PREFIX = /^\/?papers[-_]channel(?=\s|$)\s*/i;

/** Split "/papers today top=5" into the command name and the rest. */
export function splitCommand(input: string): ParsedLine {
  let text = cleanInput(input);
  if (text.length > INPUT_LIMITS.line) {
    throw new PaperboyError(
      'bad_input',
      `That command is ${text.length} characters long; Paperboy reads at most ${INPUT_LIMITS.line}.`,
    );
  }
  const channel = CHANNEL_PREFIX.test(text);
  text = text.replace(channel ? CHANNEL_PREFIX : /^\/?papers(?=\s|$)\s*/i, '');
  const space = text.indexOf(' ');
  const name = (space < 0 ? text : text.slice(0, space)).toLowerCase();
  return { name, rest: space < 0 ? '' : text.slice(space + 1), ...(channel ? { channel } : {}) };
}

/**
 * The raw arguments of a typed line for `command`. `/papers-channel <command> …` means
 * `… here` for the commands that act on a channel; the others have no channel form.
 */
export function lineArgs(command: Command, line: ParsedLine): RawArgs {
  if (!line.channel || command.name === 'help') return parseArgs(command, line.rest);
  if (!(command.flags ?? []).includes('here')) {
    throw new PaperboyError(
      'bad_input',
      rich`${code('/papers-channel')} is only for what a channel receives (subscribe, unsubscribe, subscriptions, digest, alert, unalert, alerts, save, saved, unsave). Type ${code(`/papers ${command.name}`)} instead.`,
    );
  }
  // `here` typed as well says the same thing twice, not a second, conflicting flag.
  return { ...parseArgs(command, line.rest), here: 'true' };
}

const freeTextCache = new WeakMap<Command, boolean>();
/**
 * Is the command's positional free text (search words, a topic), where `E=mc2` is just
 * a word? Elsewhere (an action, a date, an id) an unknown `key=value` is a mistake.
 */
export function takesFreeText(command: Command): boolean {
  let free = freeTextCache.get(command);
  if (free === undefined) {
    const schema = z.toJSONSchema(command.args, { io: 'input', unrepresentable: 'any' }) as {
      properties?: Record<string, { freeText?: boolean }>;
    };
    free = command.positional !== undefined && schema.properties?.[command.positional]?.freeText === true;
    freeTextCache.set(command, free);
  }
  return free;
}

const KEY_VALUE = /^([A-Za-z_][\w-]*)=/;
const canonicalKey = (key: string): string => key.toLowerCase().replace(/-/g, '_');

/** Turn the text after the command name into raw string arguments for `command`. */
export function parseArgs(command: Command, rest: string): RawArgs {
  const options = new Set(Object.keys(command.args.shape).filter((k) => k !== command.positional));
  const flags = new Set(command.flags ?? []);
  const args: RawArgs = {};
  const free: Token[] = [];
  for (const token of withoutFlags(command, tokenize(rest), flags, args)) {
    const eq = KEY_VALUE.exec(token.text);
    if (eq) {
      const key = canonicalKey(eq[1]!);
      if (options.has(key)) {
        if (args[key] !== undefined) throw givenTwice(command, `${key}=`);
        args[key] = token.value.slice(token.value.indexOf('=') + 1);
        continue;
      }
      // In free text an unrelated `a=b` is a word; a near miss of an option is a typo.
      const meant = closest(canonicalKey(eq[1]!), [...options]);
      if (!takesFreeText(command) || meant) throw unknownOption(command, eq[1]!, options, meant);
    }
    free.push(token);
  }
  if (free.length > 0) {
    if (!command.positional) {
      const words = rest.slice(free[0]!.start, free[free.length - 1]!.end);
      throw new PaperboyError(
        'bad_input',
        rich`${code(command.name)} doesn't take "${excerpt(words)}". Usage: /papers ${command.usage}`,
      );
    }
    args[command.positional] = rest.slice(free[0]!.start, free[free.length - 1]!.end);
  }
  return args;
}

/**
 * Take the flags (`here`) out of the tokens into `args`. In free text (a topic, search
 * words) a flag counts only at either end, so "subscribe attention is not all you need
 * here" and "subscribe here grokking" both mean this channel while "subscribe here and
 * there as a topic" keeps its words; elsewhere (an action and options) anywhere.
 */
function withoutFlags(command: Command, tokens: Token[], flags: Set<string>, args: RawArgs): Token[] {
  const isFlag = (t: Token | undefined): boolean => t !== undefined && flags.has(t.text.toLowerCase());
  let start = 0;
  let end = tokens.length;
  const take = (token: Token): void => {
    const flag = token.text.toLowerCase();
    if (args[flag] !== undefined) throw givenTwice(command, flag);
    args[flag] = 'true';
  };
  while (end > start && isFlag(tokens[end - 1])) take(tokens[--end]!);
  while (start < end && isFlag(tokens[start])) take(tokens[start++]!);
  const middle = tokens.slice(start, end);
  if (takesFreeText(command)) return middle;
  return middle.filter((t) => {
    if (!isFlag(t)) return true;
    take(t);
    return false;
  });
}

const givenTwice = (command: Command, label: string): PaperboyError =>
  new PaperboyError('bad_input', `${label} is given twice; give it once. Usage: /papers ${command.usage}`);

export function unknownOption(
  command: Command,
  given: string,
  options: Iterable<string>,
  meant?: string,
): PaperboyError {
  const known = [...options].map((o) => `${o}=`).join(', ');
  const name = excerpt(given, 30);
  const hint = meant
    ? rich` — did you mean ${code(`${meant}=`)}?${takesFreeText(command) ? ` To use "${name}=…" as words, put it in quotes.` : ''}`
    : '.';
  return new PaperboyError(
    'bad_input',
    known
      ? rich`${code(command.name)} has no option "${name}"${hint} Its options are ${known}. Usage: /papers ${command.usage}`
      : rich`${code(command.name)} has no option "${name}" (it takes none). Usage: /papers ${command.usage}`,
  );
}

/** The canonical text of an invocation, without `page`, for paging buttons. */
export function commandText(command: Command, args: RawArgs): string {
  const parts = [command.name];
  if (command.positional && args[command.positional]) parts.push(args[command.positional]!);
  for (const [key, value] of Object.entries(args).sort(([a], [b]) => a.localeCompare(b))) {
    if (key === 'page' || key === command.positional || value === undefined || value === '') continue;
    if ((command.flags ?? []).includes(key)) {
      if (value === 'true') parts.push(key);
      continue;
    }
    parts.push(/[\s"]/.test(value) ? `${key}="${value.replace(/"/g, '')}"` : `${key}=${value}`);
  }
  return parts.join(' ');
}
