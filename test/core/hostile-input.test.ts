import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderReply as renderDiscord } from '../../adapters/discord/render.js';
import { commands } from '../../commands/index.js';
import type { IncomingCommand } from '../../src/bot.js';
import type { Command, RawArgs } from '../../src/command.js';
import type { Reply } from '../../src/reply.js';
import { person, sampleBot } from './helpers.js';

/**
 * Issue 13, items 10–13, through the core's one way in (bot.handle), in both of its
 * forms: typed text (Slack, terminal) and named arguments (Discord options). Inputs
 * are generated per class over every command and every argument, not picked by hand.
 */

const textOf = (r: Reply): string =>
  [r.title, ...(r.lines ?? []), ...(r.notices ?? []), r.error?.message ?? ''].join('\n');

interface ArgInfo {
  command: Command;
  key: string;
  positional: boolean;
  integer: boolean;
  flag: boolean;
}

/** Every argument of every command, read from the schemas the commands are built from. */
function allArguments(): ArgInfo[] {
  return commands.flatMap((command) => {
    const schema = z.toJSONSchema(command.args, { io: 'input', unrepresentable: 'any' }) as {
      properties?: Record<string, { type?: string; flag?: boolean }>;
    };
    return Object.entries(schema.properties ?? {}).map(([key, prop]) => ({
      command,
      key,
      positional: key === command.positional,
      integer: prop.type === 'integer',
      flag: prop.flag === true || (command.flags ?? []).includes(key),
    }));
  });
}
const ARGS = allArguments();

/** A valid value for the positional where one is needed to reach the option under test. */
const VALID_POSITIONAL: Record<string, string> = {
  date: '2026-08-19',
  digest: 'status',
  search: 'agents',
  paper: '2608.19880',
  subscribe: 'grokking',
  unsubscribe: 'grokking',
  preview: 'grokking',
};

function asText(command: Command, key: string, value: string, positional: boolean): string {
  if (positional) return `${command.name} ${value}`;
  const lead = VALID_POSITIONAL[command.name];
  return `${command.name}${lead ? ` ${lead}` : ''} ${key}="${value.replace(/"/g, '')}"`;
}

function asArgs(command: Command, key: string, value: string, positional: boolean): IncomingCommand {
  const args: RawArgs = { [key]: value };
  const lead = VALID_POSITIONAL[command.name];
  if (!positional && lead && command.positional) args[command.positional] = lead;
  return { caller: person(), name: command.name, args };
}

/** Hostile shapes of one size: plain, near-words, digits, quotes, spaced, non-Latin, zone-like. */
const hostile = (n: number): string[] => [
  'x'.repeat(n),
  'Europe/Berlin'.repeat(Math.ceil(n / 13)).slice(0, n),
  '9'.repeat(n),
  '"a'.repeat(Math.ceil(n / 2)).slice(0, n),
  'ab '
    .repeat(Math.ceil(n / 3))
    .slice(0, n)
    .trimEnd() + 'z',
  'é€漢'.repeat(Math.ceil(n / 3)).slice(0, n),
  '2026-W33-'.repeat(Math.ceil(n / 9)).slice(0, n),
];

describe('item 11: no reply grows with the size of bad input', () => {
  const { bot } = sampleBot();
  const sizes = [1_001, 6_000, 100_000];

  it('every argument of every command, in every hostile shape and size, gets one short error (Discord: one message)', async () => {
    const seen: string[] = [];
    for (const arg of ARGS.filter((a) => !a.flag)) {
      for (const n of sizes) {
        for (const value of hostile(n)) {
          for (const incoming of [
            asArgs(arg.command, arg.key, value, arg.positional),
            { caller: person(), text: asText(arg.command, arg.key, value, arg.positional) },
          ]) {
            const reply = await bot.handle(incoming);
            const label = `${arg.command.name} ${arg.key} (${n} × ${JSON.stringify(value.slice(0, 6))})`;
            expect(reply.error?.code, label).toBe('bad_input');
            expect(textOf(reply).length, label).toBeLessThanOrEqual(500);
            expect(renderDiscord(reply), label).toHaveLength(1);
            seen.push(label);
          }
        }
      }
    }
    expect(seen.length).toBeGreaterThan(500);
  });

  it('the answer to a 100 kB argument is no longer than the answer to a 1,001-character one', async () => {
    for (const arg of ARGS.filter((a) => !a.flag)) {
      const small = await bot.handle(asArgs(arg.command, arg.key, 'q'.repeat(1_001), arg.positional));
      const large = await bot.handle(asArgs(arg.command, arg.key, 'q'.repeat(100_000), arg.positional));
      // The length itself may be named: allow the few extra digits of "100000".
      expect(textOf(large).length, `${arg.command.name} ${arg.key}`).toBeLessThanOrEqual(textOf(small).length + 3);
    }
  });

  it('echoes at most a short clipped excerpt of bad input that fits the limits (week, month, date, paper, #n)', async () => {
    await bot.handle({ caller: person(), text: 'subscribe grokking' });
    const cases: IncomingCommand[] = [
      { caller: person(), name: 'week', args: { week: `2026-W3${'3'.repeat(900)}` } },
      { caller: person(), name: 'month', args: { month: `2026-${'0'.repeat(900)}` } },
      { caller: person(), name: 'date', args: { date: `2026-08-${'1'.repeat(900)}` } },
      { caller: person(), name: 'paper', args: { id: 'z'.repeat(290) } },
      { caller: person(), name: 'help', args: { command: 'h'.repeat(900) } },
      { caller: person(), name: 'unsubscribe', args: { topic: `#${'9'.repeat(900)}` } },
      { caller: person(), text: `today ${'please '.repeat(250)}` },
      { caller: person(), text: `today ${'w'.repeat(90)}=1` },
    ];
    for (const incoming of cases) {
      const reply = await bot.handle(incoming);
      const label = JSON.stringify(incoming).slice(0, 80);
      expect(reply.error, label).toBeDefined();
      // No run of the input longer than an excerpt (60 characters) appears in the answer.
      expect(textOf(reply), label).not.toMatch(/(3{61}|0{61}|1{61}|z{61}|h{61}|9{61}|(please ){9}|w{61})/);
    }
  });
});

describe('item 10: every argument is bounded at the edge, before parsing or suggestions', () => {
  const { bot } = sampleBot();

  it('an over-long argument is refused by its length (named, with the limit), never by what is inside it', async () => {
    for (const arg of ARGS.filter((a) => !a.flag)) {
      for (const value of hostile(6_000)) {
        const reply = await bot.handle(asArgs(arg.command, arg.key, value, arg.positional));
        const label = `${arg.command.name} ${arg.key} ${JSON.stringify(value.slice(0, 6))}`;
        expect(reply.error?.message, label).toMatch(/6000 characters/);
        expect(reply.error?.message, label).toMatch(/at most \d+/);
        // The content was never looked at: no suggestion, no "is not a time zone".
        expect(reply.error?.message, label).not.toMatch(/did you mean|is not a/);
      }
    }
  });

  it("Slack's longest slash command (1,987 characters of tz=) is refused by length too", async () => {
    const text = `digest on tz=${'Europe/Berlin'.repeat(200)}`.slice(0, 1987);
    const reply = await bot.handle({ caller: person(), text });
    expect(reply.error?.message).toMatch(/tz= is \d+ characters long/);
    expect(reply.error?.message).not.toMatch(/did you mean|is not a time zone/);
  });

  it('a hostile client sending a huge number of options is answered, not iterated', async () => {
    const args: RawArgs = {};
    for (let i = 0; i < 10_000; i++) args[`o${i}`] = 'x';
    const reply = await bot.handle({ caller: person(), name: 'today', args });
    expect(reply.error?.code).toBe('bad_input');
    expect(textOf(reply).length).toBeLessThanOrEqual(500);
  });
});

describe('item 12: numbers are plain decimal integers, keys are given once, unknown options are named', () => {
  const { bot } = sampleBot();
  const integers = ARGS.filter((a) => a.integer);

  it('knows the integer options it tests', () => {
    expect(integers.map((a) => `${a.command.name}.${a.key}`)).toEqual(
      expect.arrayContaining(['today.top', 'today.page', 'month.min_upvotes', 'digest.top', 'preview.page']),
    );
  });

  const lenient = [
    '0x10',
    '0X1A',
    '0b11',
    '0o7',
    '1e1',
    '1E2',
    '1e3',
    '+5',
    '-0',
    '05',
    '007',
    '00',
    '5.0',
    '5.',
    '.5',
    '1_000',
    '1,000',
    '٥',
    '５',
    'Infinity',
    'NaN',
    '5a',
    '1 000',
    '99999999999999999999999',
  ];

  it('refuses hex, exponents, signs, leading zeros, decimals, separators and non-ASCII digits, saying what works', async () => {
    for (const arg of integers) {
      for (const value of lenient) {
        for (const incoming of [
          asArgs(arg.command, arg.key, value, arg.positional),
          { caller: person(), text: asText(arg.command, arg.key, value, false) },
        ]) {
          const reply = await bot.handle(incoming);
          const label = `${arg.command.name} ${arg.key}=${value} (${'text' in incoming ? 'text' : 'args'})`;
          expect(reply.error?.code, label).toBe('bad_input');
          expect(reply.error?.message, label).toContain(`${arg.key}=`);
          expect(reply.error?.message, label).toMatch(/whole number|at most|at least/);
          expect(reply.error?.message, label).toMatch(new RegExp(`e\\.g\\. ${arg.key}=\\d+|at most|at least`));
        }
      }
    }
  });

  it('still accepts plain decimal integers in range, and 0 where 0 is allowed', async () => {
    for (const value of ['1', '5', '10']) {
      const reply = await bot.handle({ caller: person(), text: `today top=${value}` });
      expect(reply.error, value).toBeUndefined();
    }
    expect((await bot.handle({ caller: person(), text: 'today min_upvotes=0' })).error).toBeUndefined();
    expect((await bot.handle({ caller: person(), name: 'today', args: { page: '2' } })).error).toBeUndefined();
  });

  it('names a key given twice, in any spelling of it, for every option of every command', async () => {
    for (const arg of ARGS.filter((a) => !a.positional && !a.flag)) {
      const lead = VALID_POSITIONAL[arg.command.name];
      const head = `${arg.command.name}${lead ? ` ${lead}` : ''}`;
      for (const [a, b] of [
        [arg.key, arg.key],
        [arg.key, arg.key.toUpperCase()],
        [arg.key, arg.key.replace(/_/g, '-')],
      ]) {
        const reply = await bot.handle({ caller: person(), text: `${head} ${a}=1 ${b}=2` });
        const label = `${head} ${a}= ${b}=`;
        expect(reply.error?.code, label).toBe('bad_input');
        expect(reply.error?.message, label).toMatch(new RegExp(`${arg.key}= is given twice`));
      }
    }
  });

  it('names a flag given twice', async () => {
    const reply = await bot.handle({
      caller: person({ canManageChannel: true }),
      text: 'subscribe grokking here here',
    });
    expect(reply.error?.message).toMatch(/here is given twice/);
  });

  it('names an unknown option instead of blaming the positional argument', async () => {
    const cases = [
      ['digest on foo=bar', 'foo'],
      ['digest foo=bar', 'foo'],
      ['digest on timezone=UTC', 'timezone'],
      ['date 2026-08-19 limit=3', 'limit'],
      ['week 2026-W33 x=1', 'x'],
      ['month 2026-08 count=5', 'count'],
      ['paper 2608.19880 format=long', 'format'],
      ['help today verbose=yes', 'verbose'],
      ['search agents sortt=new', 'sortt'],
      ['preview grokking pag=2', 'pag'],
    ] as const;
    for (const [text, key] of cases) {
      const reply = await bot.handle({ caller: person(), text });
      expect(reply.error?.code, text).toBe('bad_input');
      expect(reply.error?.message, text).toContain(`no option "${key}"`);
      expect(reply.error?.message, text).not.toMatch(/action must be/);
    }
  });

  it('suggests the option a near miss meant, and keeps unrelated key=value words as search text', async () => {
    expect((await bot.handle({ caller: person(), text: 'search agents sortt=new' })).error?.message).toMatch(
      /did you mean `sort=`/,
    );
    const physics = await bot.handle({ caller: person(), text: 'search E=mc2 energy' });
    expect(physics.error).toBeUndefined();
    expect(physics.title).toBe('Search · E=mc2 energy');
  });

  it('treats a URL inside a topic as text, in subscribe and preview, for every common scheme', async () => {
    for (const url of [
      'https://github.com/huggingface/transformers',
      'http://example.com/a?b=c',
      'https://arxiv.org/abs/2608.19880',
      'ftp://files.example.org/x',
      'HTTPS://EXAMPLE.ORG',
    ]) {
      for (const text of [`preview ${url}`, `preview agents ${url}`, `subscribe ${url}`]) {
        const reply = await bot.handle({ caller: person(), text });
        expect(reply.error?.message ?? '', text).not.toMatch(/unknown field/);
        expect(reply.error, text).toBeUndefined();
      }
    }
  });
});

describe('item 13: one normalisation at the edge for every platform', () => {
  // Invisible characters by class: zero-width, bidi embeddings/isolates/marks, BOM,
  // soft hyphen, word joiners, NUL and the other C0/C1 controls that are not whitespace.
  const invisible = [
    '\u200B',
    '\u200C',
    '\u200D',
    '\u200E',
    '\u200F',
    '\u202A',
    '\u202B',
    '\u202C',
    '\u202D',
    '\u202E',
    '\u2060',
    '\u2061',
    '\u2062',
    '\u2063',
    '\u2064',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\uFEFF',
    '\u00AD',
    '\u061C',
    '\u180E',
    '\u0000',
    '\u0001',
    '\u0007',
    '\u001B',
    '\u007F',
    '\u009B',
  ];
  /** Insert `ch` at a few positions (start, inside, end), seeded by the text. */
  const dirty = (s: string, ch: string, k: number): string => {
    const at = [0, Math.floor(s.length / 2), (k * 7) % (s.length + 1), s.length][k % 4]!;
    return `${s.slice(0, at)}${ch}${s.slice(at)}`;
  };

  const cases: { name: string; args: RawArgs; text: string }[] = [
    { name: 'date', args: { date: '2026-08-19' }, text: 'date 2026-08-19' },
    { name: 'help', args: { command: 'today' }, text: 'help today' },
    { name: 'today', args: { top: '5' }, text: 'today top=5' },
    { name: 'week', args: { week: '2026-W33' }, text: 'week 2026-W33' },
    { name: 'paper', args: { id: '2608.19880' }, text: 'paper 2608.19880' },
    {
      name: 'digest',
      args: { action: 'on', tz: 'Europe/Berlin', time: '08:30' },
      text: 'digest on tz=Europe/Berlin time=08:30',
    },
  ];

  it('a value with invisible characters means the same as without them, as Discord options and as typed text', async () => {
    // One bot: these commands answer the same when repeated (digest on keeps its settings).
    const { bot } = sampleBot();
    for (const c of cases) {
      const expected = await bot.handle({ caller: person(), name: c.name, args: c.args });
      expect(expected.error, c.text).toBeUndefined();
      for (const [k, ch] of invisible.entries()) {
        const args = Object.fromEntries(Object.entries(c.args).map(([key, v]) => [key, dirty(v, ch, k)]));
        const viaArgs = await bot.handle({ caller: person(), name: c.name, args });
        const viaText = await bot.handle({ caller: person(), text: dirty(c.text, ch, k + 1) });
        const label = `${c.text} with U+${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`;
        expect(viaArgs, `${label} (args)`).toEqual(expected);
        expect(viaText, `${label} (text)`).toEqual(expected);
      }
    }
  });

  it('stores the clean time zone from a Discord option with a zero-width space in it', async () => {
    const { bot, services } = sampleBot();
    const reply = await bot.handle({
      // A Discord caller carries Discord's capability: one person across servers.
      caller: person({ platform: 'discord', usersAcrossWorkspaces: true }),
      name: 'digest',
      args: { action: 'on', tz: 'Europe/\u200BBerlin' },
    });
    expect(reply.error).toBeUndefined();
    const stored = await services.store.digests.get({ platform: 'discord', workspaceId: '', kind: 'user', id: 'U1' });
    expect(stored?.timezone).toBe('Europe/Berlin');
  });

  it('`today\\0` typed on Slack is today', async () => {
    const { bot } = sampleBot();
    const reply = await bot.handle({ caller: person({ platform: 'slack' }), text: 'today\u0000' });
    expect(reply.error).toBeUndefined();
    expect(reply.title).toMatch(/^Daily Papers/);
  });
});
