import { describe, expect, it } from 'vitest';
import { PaperboyError } from '../../src/errors.js';
import type { Paper } from '../../src/papers/paper.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import type { Reply } from '../../src/reply.js';
import { person, sampleBot } from './helpers.js';

const { bot } = sampleBot();
const ask = (text: string): Promise<Reply> => bot.handle({ caller: person(), text });
const upvotes = (r: Reply): number[] => (r.cards ?? []).map((c) => c.upvotes);
const isSortedDesc = (xs: number[]): boolean => xs.every((x, i) => i === 0 || xs[i - 1]! >= x);

describe('list commands over the sample', () => {
  it('today is the newest sample day, most upvoted first, paged by 10', async () => {
    const r = await ask('/papers today');
    expect(r.error).toBeUndefined();
    expect(r.title).toBe('Daily Papers · Fri 21 Aug 2026');
    expect(r.cards).toHaveLength(10);
    expect(r.cards![0]).toMatchObject({ rank: 1, id: '2608.19880', upvotes: 163, organization: 'Google' });
    expect(isSortedDesc(upvotes(r))).toBe(true);
    expect(r.paging).toEqual({ page: 1, pages: 2, total: 17, command: 'today' });
    expect(r.visibility).toBe('public');
  });

  it('page=2 continues the ranking', async () => {
    const r = await ask('today page=2');
    expect(r.cards![0]!.rank).toBe(11);
    expect(r.cards).toHaveLength(7);
    expect(r.paging!.page).toBe(2);
  });

  it('top and min_upvotes filter before paging', async () => {
    const r = await ask('today top=5 min_upvotes=10');
    expect(r.cards!.length).toBeLessThanOrEqual(5);
    expect(r.cards!.every((c) => c.upvotes >= 10)).toBe(true);
    expect(r.paging).toMatchObject({ pages: 1, command: 'today min_upvotes=10 top=5' });
  });

  it('sort=new orders by publication time', async () => {
    const r = await ask('date 2026-08-19 sort=new');
    const days = r.cards!.map((c) => c.id);
    expect(days.length).toBe(10);
    const top = await ask('date 2026-08-19');
    expect(days).not.toEqual(top.cards!.map((c) => c.id));
  });

  it('yesterday is the day before the newest sample day', async () => {
    const r = await ask('yesterday');
    expect(r.title).toBe('Daily Papers · Thu 20 Aug 2026');
    expect(r.paging!.total).toBe(15);
  });

  it('a weekend date shows the Friday before, saying so', async () => {
    const r = await ask('date 2026-08-16');
    expect(r.title).toBe('Daily Papers · Fri 14 Aug 2026');
    expect(r.notices).toEqual(['Hugging Face publishes no list on weekends, so this is Fri 14 Aug 2026.']);
  });

  it('week and month gather every day, without repeats', async () => {
    const w = await ask('week 2026-W34');
    expect(w.title).toMatch(/^Weekly Papers · 2026-W34 · Mon 17 Aug 2026 – Sun 23 Aug 2026/);
    expect(w.paging!.total).toBe(23 + 29 + 26 + 15 + 17);
    const m = await ask('month 2026-08 top=20');
    expect(m.title).toBe('Monthly Papers · August 2026 · so far');
    expect(m.paging).toMatchObject({ total: 20, pages: 2 });
    expect(isSortedDesc(upvotes(m))).toBe(true);
    const ids = new Set((await ask('month 2026-08 page=1')).cards!.map((c) => c.id));
    expect(ids.size).toBe(10);
  });

  it('week accepts a date inside it', async () => {
    expect((await ask('week 2026-08-19')).title).toMatch(/2026-W34/);
  });

  it('search finds papers by words, and says so when nothing matches', async () => {
    const r = await ask('search EnvHarness');
    expect(r.cards![0]!.id).toBe('2608.19880');
    const none = await ask('search qwertyuiopasdf');
    expect(none.cards).toBeUndefined();
    expect(none.lines![0]).toMatch(/Nothing matches "qwertyuiopasdf"/);
  });

  it('paper shows one paper by id or link, with the full abstract', async () => {
    for (const ref of [
      '2608.19880',
      '2608.19880v2',
      'https://arxiv.org/abs/2608.19880v1',
      'https://huggingface.co/papers/2608.19880',
    ]) {
      const r = await ask(`paper ${ref}`);
      expect(r.title).toBe('Paper 2608.19880');
      expect(r.cards![0]!.title).toBe('EnvHarness: Awakening Static Worlds for Agent Learning');
      expect(r.cards![0]!.github).toEqual({ url: 'https://github.com/google-research/envharness', stars: 8 });
      expect(r.lines![1]).toMatch(/^LLM agents learn by interacting with environments/);
    }
  });

  it('help lists every command, and help <command> shows its options from the schema', async () => {
    const all = await ask('help');
    expect(all.lines!.join('\n')).toMatch(/\/papers today .* — Today's Daily Papers/);
    expect(all.visibility).toBe('private');
    const one = await ask('help today');
    expect(one.lines).toContain(
      '  top= — Show only the N most upvoted papers (with sort=trending: the first N) (1–100)',
    );
    expect(one.lines).toContain(
      '  sort= — Order: top (most upvoted, default), new, trending (Hugging Face) or foryou (like your saved papers) (top | new | trending | foryou)',
    );
    expect((await ask('')).title).toBe(all.title);
  });
});

describe('bad input gets a specific answer', () => {
  it.each([
    ['date 2026-02-30', 'bad_input', /2026-02-30 is not a date on the calendar/],
    ['date 19.08.2026', 'bad_input', /is not a date: use YYYY-MM-DD, e\.g\. 2026-08-19/],
    ['date', 'bad_input', /`date` needs a date/],
    ['date 2026-09-01', 'future_date', /2026-09-01 is in the future — the newest list is today's, Fri 21 Aug 2026/],
    ['week 2026-W40', 'future_date', /Week 2026-W40 is in the future/],
    ['month 2027-01', 'future_date', /2027-01 is in the future/],
    ['week 2026-W54', 'bad_input', /is not a week: use an ISO week like 2026-W33/],
    ['month 2026-13', 'bad_input', /is not a month: use YYYY-MM/],
    ['today top=0', 'bad_input', /top= must be at least 1/],
    ['today top=500', 'bad_input', /top= must be at most 100/],
    ['today top=five', 'bad_input', /top= must be a whole number from 1 to 100/],
    [
      'today sort=old',
      'bad_input',
      /sort= must be "top" \(most upvoted first\), "new" \(newest first\), "trending" .* or "foryou"/,
    ],
    [
      'search grokking sort=trending',
      'bad_input',
      /sort= must be "top" \(most upvoted first\), "new" \(newest first\) or "foryou"/,
    ],
    ['today top=', 'bad_input', /top= needs a value/],
    ['today top=1.5', 'bad_input', /top= must be a whole number/],
    ['today limit=5', 'bad_input', /no option "limit"/],
    ['tody', 'unknown_command', /There is no "tody" command — did you mean `today`\?/],
    ['frobnicate', 'unknown_command', /There is no "frobnicate" command\. Type `\/papers help`/],
    ['search', 'bad_input', /`search` needs a query/],
    ['paper hello', 'bad_input', /"hello" is not an arXiv id or paper link/],
    ['paper 2501.99999', 'not_found', /Paper 2501\.99999 is not in the offline sample/],
    ['help nosuch', 'unknown_command', /There is no "nosuch" command/],
  ])('%s → %s', async (text, code, message) => {
    const r = await ask(text);
    expect(r.error?.code).toBe(code);
    expect(r.error?.message).toMatch(message);
    expect(r.visibility).toBe('private');
    expect(r.cards).toBeUndefined();
  });

  it('an unknown command also lists the commands', async () => {
    const r = await ask('nope');
    expect(r.lines![0]).toMatch(/^Commands: today, yesterday, date/);
  });

  it('a page past the end shows the last page with a note', async () => {
    const r = await ask('today page=9');
    expect(r.paging!.page).toBe(2);
    expect(r.notices).toContain('There are only 2 pages; showing the last.');
  });
});

describe('failures inside', () => {
  class BrokenSource extends SampleSource {
    override async day(): Promise<never> {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    }
    override async search(): Promise<never> {
      throw new PaperboyError('upstream_unavailable', "Hugging Face isn't answering; try again in a minute.");
    }
  }

  it('a bug becomes a calm internal error, logged with its cause, never a stack trace', async () => {
    const { bot, logger } = sampleBot({ papers: new BrokenSource() });
    const r = await bot.handle({ caller: person(), text: 'today' });
    expect(r.error).toEqual({ code: 'internal', message: expect.stringMatching(/Something went wrong on our side/) });
    expect(JSON.stringify(r)).not.toMatch(/TypeError|at .*\.ts|reading 'x'/);
    expect(logger.entries.find((e) => e.level === 'error')?.fields?.error).toMatch(/reading 'x'/);
  });

  it('an upstream failure is passed on with its own message', async () => {
    const { bot } = sampleBot({ papers: new BrokenSource() });
    const r = await bot.handle({ caller: person(), text: 'search x' });
    expect(r.error).toEqual({
      code: 'upstream_unavailable',
      message: "Hugging Face isn't answering; try again in a minute.",
    });
  });

  it('a stale copy is served with its age', async () => {
    class StaleSource extends SampleSource {
      override async day(date: string) {
        const f = await super.day(date);
        return { ...f, stale: { ageMs: 2 * 3600_000 + 5, reason: 'HTTP 503' } };
      }
    }
    const { bot } = sampleBot({ papers: new StaleSource() });
    const r = await bot.handle({ caller: person(), text: 'today' });
    expect(r.notices).toContain("Served from a cache 2 h old: Hugging Face isn't answering right now.");
    expect(r.cards).toHaveLength(10);
  });

  it('structured invocations (Discord) work like text', async () => {
    const r = await bot.handle({ caller: person({ platform: 'discord' }), name: 'today', args: { top: '3' } });
    expect(r.cards).toHaveLength(3);
    expect(r.paging!.command).toBe('today top=3');
    const p: Paper | undefined = (await new SampleSource().paper('2608.19880')).value;
    expect(p?.upvotes).toBe(163);
  });
});
