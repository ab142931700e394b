import { describe, expect, it } from 'vitest';
import { renderReply as discordRender } from '../../adapters/discord/render.js';
import { renderReply as slackRender } from '../../adapters/slack/render.js';
import { plain, renderReply as terminalRender } from '../../adapters/terminal/render.js';
import { count, pastLastPage, plural } from '../../src/count.js';
import type { PaperCard, Reply } from '../../src/reply.js';
import { person, sampleBot } from './helpers.js';

// Counts read as people write them, in every reply and on every platform: no
// "1 papers", no "There are only 1 page".
const WRONG_SINGULAR =
  /\b1 (?:papers|pages|topics|comments|matches|upvotes|days|lists|results)\b|\bonly 1 pages\b|There are only 1\b/;

const allText = (reply: Reply): string =>
  [terminalRender(reply, plain), JSON.stringify(discordRender(reply)), JSON.stringify(slackRender(reply))].join('\n');

describe('counts in replies', () => {
  it('count/plural/pastLastPage', () => {
    expect([0, 1, 2, 21].map((n) => count(n, 'paper'))).toEqual(['0 papers', '1 paper', '2 papers', '21 papers']);
    expect(count(1, 'match', 'matches')).toBe('1 match');
    expect(count(3, 'match', 'matches')).toBe('3 matches');
    expect(plural(1, 'matches', 'match')).toBe('matches');
    expect(pastLastPage(1)).toBe('There is only 1 page; showing it.');
    expect(pastLastPage(3)).toBe('There are only 3 pages; showing the last.');
  });

  // Every list command, asked for a page past the end of a one-page list.
  const ONE_PAGE = [
    'today top=3 page=2',
    'yesterday top=1 page=9',
    'date 2026-08-20 top=5 page=3',
    'week 2026-W34 top=2 page=2',
    'month 2026-08 top=1 page=1000',
    'search EnvHarness page=3',
    'preview EnvHarness page=2',
  ];
  for (const text of ONE_PAGE) {
    it(`${text}: "There is only 1 page", everywhere`, async () => {
      const { bot } = sampleBot();
      const reply = await bot.handle({ caller: person(), text });
      expect(reply.error).toBeUndefined();
      expect(reply.notices).toContain('There is only 1 page; showing it.');
      expect(allText(reply)).not.toMatch(WRONG_SINGULAR);
    });
  }

  it('a list past its last page of several says which page it shows', async () => {
    const { bot } = sampleBot();
    const reply = await bot.handle({ caller: person(), text: 'week 2026-W34 page=50' });
    expect(reply.notices).toContain('There are only 11 pages; showing the last.');
  });

  it('one matching paper: singular nouns and verbs', async () => {
    const { bot } = sampleBot();
    const preview = await bot.handle({ caller: person(), text: 'preview EnvRigger' });
    expect(preview.lines![0]).toMatch(/^1 of \d+ papers in the last 7 days \(.*\) matches, most upvoted first\.$/);
    const subscribed = await bot.handle({ caller: person(), text: 'subscribe EnvRigger' });
    expect(subscribed.lines!.join(' ')).toMatch(/it matched 1 paper\./);
    const list = await bot.handle({ caller: person(), text: 'subscriptions' });
    expect(list.lines!.join('\n')).toMatch(/EnvRigger — 1 paper$/m);
    for (const r of [preview, subscribed, list]) expect(allText(r)).not.toMatch(WRONG_SINGULAR);
  });

  it('paper cards with 1 comment say "1 comment" (Discord), 💬 1 (Slack) and 1 comment (terminal)', () => {
    const card: PaperCard = {
      rank: 1,
      id: '2608.19880',
      title: 'T',
      hfUrl: 'https://huggingface.co/papers/2608.19880',
      arxivUrl: 'https://arxiv.org/abs/2608.19880',
      upvotes: 1,
      authors: 'A',
      blurb: 'B',
      numComments: 1,
    };
    const reply: Reply = { title: 'x', cards: [card], visibility: 'public' };
    expect(allText(reply)).not.toMatch(WRONG_SINGULAR);
    expect(JSON.stringify(discordRender(reply))).toContain('1 comment');
    expect(JSON.stringify(slackRender(reply))).toContain('💬 1');
    expect(terminalRender(reply, plain)).toMatch(/▲ 1 · 1 comment · A/);
    const many = terminalRender({ ...reply, cards: [{ ...card, numComments: 12 }] }, plain);
    expect(many).toMatch(/▲ 1 · 12 comments · A/);
    const none = terminalRender({ ...reply, cards: [{ ...card, numComments: 0 }] }, plain);
    expect(none).not.toMatch(/comment/);
  });
});
