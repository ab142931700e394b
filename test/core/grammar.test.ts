import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/command.js';
import { PaperboyError } from '../../src/errors.js';
import { cleanInput, commandText, parseArgs, splitCommand } from '../../src/grammar.js';

const cmd = (name: string): Command => commands.find((c) => c.name === name)!;

describe('splitCommand', () => {
  it.each([
    ['/papers today', 'today', ''],
    ['papers today top=5', 'today', 'top=5'],
    ['today', 'today', ''],
    ['  /papers   TODAY   top=5  ', 'today', 'top=5'],
    ['/papers', '', ''],
    ['', '', ''],
    ['search in-context   learning', 'search', 'in-context learning'],
  ])('%j → %s / %j', (input, name, rest) => {
    expect(splitCommand(input)).toEqual({ name, rest });
  });

  it('removes zero-width and bidi controls that would make "today" a different word', () => {
    expect(splitCommand('/papers to\u200Bday\u202E')).toEqual({ name: 'today', rest: '' });
    expect(cleanInput('a\uFEFFb\u2066c')).toBe('abc');
  });

  it('refuses very long input with a message naming the limit', () => {
    expect(() => splitCommand(`search ${'x'.repeat(10_000)}`)).toThrow(/at most 2000/);
  });
});

describe('parseArgs', () => {
  it('reads known key=value options and leaves the rest as the positional text', () => {
    expect(parseArgs(cmd('today'), 'top=5 min_upvotes=10')).toEqual({ top: '5', min_upvotes: '10' });
    expect(parseArgs(cmd('date'), '2026-08-19 top=3')).toEqual({ date: '2026-08-19', top: '3' });
    expect(parseArgs(cmd('search'), '"in-context learning" OR ICL sort=new')).toEqual({
      query: '"in-context learning" OR ICL',
      sort: 'new',
    });
  });

  it('accepts option names with dashes and any case', () => {
    expect(parseArgs(cmd('today'), 'MIN-UPVOTES=3')).toEqual({ min_upvotes: '3' });
  });

  it('keeps quoted option values whole', () => {
    expect(parseArgs(cmd('search'), 'x sort="new"')).toEqual({ query: 'x', sort: 'new' });
  });

  it('keeps topic syntax with colons untouched', () => {
    expect(parseArgs(cmd('search'), 'author:"Yann LeCun" page=2')).toEqual({ query: 'author:"Yann LeCun"', page: '2' });
  });

  it('names the valid options when an unknown one is given', () => {
    expect(() => parseArgs(cmd('today'), 'limit=5')).toThrow(/no option "limit".*top=, min_upvotes=, sort=, page=/);
  });

  it('refuses stray words for commands that take none, with the usage', () => {
    const err = (() => {
      try {
        parseArgs(cmd('today'), 'please');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PaperboyError);
    expect((err as PaperboyError).message).toMatch(/doesn't take "please".*Usage: \/papers today/);
  });

  it('treats an unbalanced quote as running to the end instead of failing', () => {
    expect(parseArgs(cmd('search'), '"diffusion models')).toEqual({ query: '"diffusion models' });
  });
});

describe('commandText', () => {
  it('is canonical, drops page, and round-trips through parseArgs', () => {
    const search = cmd('search');
    const args = parseArgs(search, 'diffusion video page=3 sort=new top=5');
    const text = commandText(search, args);
    expect(text).toBe('search diffusion video sort=new top=5');
    const again = parseArgs(search, text.slice('search '.length));
    const { page: _page, ...rest } = args;
    expect(again).toEqual(rest);
  });
});

describe('where a flag may stand', () => {
  const flagged = commands.filter((c) => (c.flags ?? []).includes('here'));

  it('`here` anywhere among an action and options means the same as at the end', () => {
    const digest = cmd('digest');
    const expected = parseArgs(digest, 'on time=09:00 top=5 here');
    for (const rest of ['here on time=09:00 top=5', 'on here time=09:00 top=5', 'on time=09:00 HERE top=5']) {
      expect(parseArgs(digest, rest), rest).toEqual(expected);
    }
  });

  it('in free text (a topic), `here` counts at either end and stays a word in the middle', () => {
    const subscribe = cmd('subscribe');
    expect(parseArgs(subscribe, 'here grokking')).toEqual({ topic: 'grokking', here: 'true' });
    expect(parseArgs(subscribe, 'grokking here')).toEqual({ topic: 'grokking', here: 'true' });
    expect(parseArgs(subscribe, 'in here we go')).toEqual({ topic: 'in here we go' });
    expect(parseArgs(subscribe, '"here" grokking')).toMatchObject({ topic: '"here" grokking' });
  });

  it('every command with the flag reads it at the start and at the end alike', () => {
    expect(flagged.length).toBeGreaterThanOrEqual(4);
    for (const command of flagged) {
      const rest = command.positional === 'action' ? 'status' : command.positional ? 'grokking' : '';
      const atEnd = parseArgs(command, `${rest} here`.trim());
      expect(parseArgs(command, `here ${rest}`.trim()), command.name).toEqual(atEnd);
      expect(atEnd.here, command.name).toBe('true');
    }
  });

  it('a flag given at both ends is named as given twice', () => {
    expect(() => parseArgs(cmd('digest'), 'here on here')).toThrow(/here is given twice/);
  });
});
