import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { allowedSlips, closest, editDistance } from '../../src/suggest.js';
import { person, sampleBot } from './helpers.js';

const NAMES = commands.map((c) => c.name);

/** Every word one slip away from `w`: a swap of neighbours, a letter left out, added or wrong. */
function oneSlip(w: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 1 < w.length; i++) out.add(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
  for (let i = 0; i < w.length; i++) out.add(w.slice(0, i) + w.slice(i + 1));
  for (let i = 0; i <= w.length; i++) for (const l of 'aeiostxy') out.add(w.slice(0, i) + l + w.slice(i));
  for (let i = 0; i < w.length; i++) for (const l of 'aeiostxy') out.add(w.slice(0, i) + l + w.slice(i + 1));
  out.delete(w);
  return [...out];
}

/** Written independently of editDistance: is `a` one slip from `b`? */
function isOneSlip(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === b.length) {
    const diff = [...a].map((ch, i) => (ch === b[i] ? -1 : i)).filter((i) => i >= 0);
    return (
      diff.length === 1 ||
      (diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!])
    );
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1) return false;
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}

describe('"did you mean" for command names', () => {
  it("the issue's examples", () => {
    expect(closest('todya', NAMES)).toBe('today');
    expect(closest('serch', NAMES)).toBe('search');
  });

  it('every one-slip typo of every command suggests it (or another command just as near)', () => {
    let checked = 0;
    for (const name of NAMES) {
      for (const typo of oneSlip(name)) {
        if (NAMES.includes(typo)) continue;
        const guess = closest(typo, NAMES);
        checked++;
        expect(guess === name || (guess !== undefined && isOneSlip(typo, guess)), `${typo} → ${guess}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('case does not matter', () => {
    for (const typo of ['TODYA', 'Serch', 'HLEP', 'WeeK']) expect(closest(typo, NAMES)).toBeDefined();
  });

  it('a unique beginning of 3+ letters suggests the command; an ambiguous one does not guess', () => {
    expect(closest('yest', NAMES)).toBe('yesterday');
    expect(closest('sea', NAMES)).toBe('search');
    expect(closest('prev', NAMES)).toBe('preview');
    expect(closest('subscr', NAMES)).toBeUndefined(); // subscribe or subscriptions
    expect(closest('to', NAMES)).toBeUndefined(); // too short to say
  });

  it('unrelated or far-off words get no suggestion', () => {
    for (const word of ['banana', 'zzzz', 'xy', 'qwertyuiop', 'hello', 'zebra', '123456', 'é']) {
      expect(closest(word, NAMES), word).toBeUndefined();
    }
  });

  it('transpositions cost one slip, and the allowance grows with the word', () => {
    expect(editDistance('todya', 'today')).toBe(1);
    expect(editDistance('hlep', 'help')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect([1, 2, 3, 5, 6, 8, 9, 20].map(allowedSlips)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('very long words are not compared (bounded work)', () => {
    expect(closest('t'.repeat(65), NAMES)).toBeUndefined();
    expect(closest(`today${'x'.repeat(100)}`, NAMES)).toBeUndefined();
  });

  it('the bot suggests for typed commands and for help <command>', async () => {
    const { bot } = sampleBot();
    for (const [typed, meant] of [
      ['todya', 'today'],
      ['/papers todya top=3', 'today'],
      ['yesterdya', 'yesterday'],
      ['help todya', 'today'],
      ['serch grokking', 'search'],
      ['subscirbe grokking', 'subscribe'],
      ['dgiest on', 'digest'],
    ] as const) {
      const r = await bot.handle({ caller: person(), text: typed });
      expect(r.error?.code, typed).toBe('unknown_command');
      expect(r.error?.message, typed).toContain(`did you mean \`${meant}\`?`);
    }
  });
});

describe('one bounded edit distance', () => {
  /** The textbook full-table optimal string alignment distance, written without a band. */
  function fullDistance(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i || j));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      }
    }
    return d[a.length]![b.length]!;
  }

  it('is the full distance when within max and max + 1 beyond, for every max', () => {
    let x = 42;
    const word = (): string => {
      let s = '';
      for (x = (x * 1103515245 + 12345) % 2 ** 31; s.length < x % 9; x = (x * 1103515245 + 12345) % 2 ** 31) {
        s += 'abcab'[x % 5];
      }
      return s;
    };
    for (let n = 0; n < 2000; n++) {
      const [a, b] = [word(), word()];
      const full = fullDistance(a, b);
      expect(editDistance(a, b), `${a} ~ ${b}`).toBe(full);
      for (const max of [0, 1, 2, 3])
        expect(editDistance(a, b, max), `${a} ~ ${b} max ${max}`).toBe(Math.min(full, max + 1));
    }
  });

  it('does work linear in the length for a fixed bound', () => {
    // A long near match must be followed to its end: 5 cells a row, not 10,000.
    const meter = { cells: 0 };
    expect(editDistance('a'.repeat(10_000), `${'a'.repeat(9_999)}b`, 2, meter)).toBe(1);
    expect(meter.cells).toBeLessThanOrEqual(5 * 10_000);
    const far = { cells: 0 };
    expect(editDistance('a'.repeat(10_000), 'b'.repeat(10_000), 2, far)).toBe(3);
    expect(far.cells).toBeLessThan(20);
  });
});
