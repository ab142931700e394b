import type { Command, RawArgs } from './command.js';
import { PaperboyError } from './errors.js';

/**
 * The one text grammar shared by Slack and the terminal:
 *   [/papers] <command> [free text] [key=value ...] [flag]
 * `key=value` pairs are recognised only for the command's own option names, so topic
 * text such as `author:"Yann LeCun"` passes through untouched. Quotes group words;
 * the free text keeps its original spelling (quotes included) for the topic parser.
 */
interface Token {
  text: string;
  value: string;
  start: number;
  end: number;
}

const MAX_INPUT = 2000;
// Zero-width and bidi control characters: invisible, and they make "today" ≠ "today".
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export function cleanInput(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
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
    while (i < text.length && text[i] !== ' ') {
      const ch = text[i]!;
      if (ch === '"' || ch === '“' || ch === '”' || ch === '„') {
        const close = text.slice(i + 1).search(/["“”„]/);
        if (close < 0) {
          value += text.slice(i + 1);
          i = text.length;
          break;
        }
        value += text.slice(i + 1, i + 1 + close);
        i += close + 2;
      } else {
        value += ch;
        i++;
      }
    }
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
  if (text.length > MAX_INPUT) {
    throw new PaperboyError(
      'bad_input',
      `That command is ${text.length} characters long; Paperboy reads at most ${MAX_INPUT}.`,
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
      `\`/papers-channel\` is only for what a channel receives (subscribe, unsubscribe, subscriptions, digest). Type \`/papers ${command.name}\` instead.`,
    );
  }
  return parseArgs(command, `${line.rest} here`.trim());
}

/** Turn the text after the command name into raw string arguments for `command`. */
export function parseArgs(command: Command, rest: string): RawArgs {
  const options = new Set(Object.keys(command.args.shape).filter((k) => k !== command.positional));
  const flags = new Set(command.flags ?? []);
  const args: RawArgs = {};
  const free: Token[] = [];
  const tokens = tokenize(rest);
  // Flags count only as trailing bare words, so "subscribe here and there" keeps its text.
  let end = tokens.length;
  while (end > 0 && flags.has(tokens[end - 1]!.text.toLowerCase())) {
    args[tokens[end - 1]!.text.toLowerCase()] = 'true';
    end--;
  }
  for (const token of tokens.slice(0, end)) {
    const eq = /^([A-Za-z_][\w-]*)=(.*)$/s.exec(token.text);
    if (eq) {
      const key = eq[1]!.toLowerCase().replace(/-/g, '_');
      if (options.has(key)) {
        args[key] = token.value.slice(token.value.indexOf('=') + 1);
        continue;
      }
      if (!command.positional) throw unknownOption(command, eq[1]!, options);
    }
    free.push(token);
  }
  if (free.length > 0) {
    if (!command.positional) {
      throw new PaperboyError(
        'bad_input',
        `\`${command.name}\` doesn't take "${free.map((t) => t.text).join(' ')}". Usage: /papers ${command.usage}`,
      );
    }
    args[command.positional] = rest.slice(free[0]!.start, free[free.length - 1]!.end);
  }
  return args;
}

function unknownOption(command: Command, given: string, options: Set<string>): PaperboyError {
  const known = [...options].map((o) => `${o}=`).join(', ');
  return new PaperboyError(
    'bad_input',
    known
      ? `\`${command.name}\` has no option "${given}". Its options are ${known}. Usage: /papers ${command.usage}`
      : `\`${command.name}\` takes no options. Usage: /papers ${command.usage}`,
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
