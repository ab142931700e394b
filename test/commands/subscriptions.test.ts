import { describe, expect, it } from 'vitest';
import { PaperboyError } from '../../src/errors.js';
import { sortPapers } from '../../src/papers/query.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import type { PaperSource } from '../../src/papers/source.js';
import type { Reply } from '../../src/reply.js';
import { TOPICS_PER_TARGET } from '../../src/subscriptions.js';
import { compileTopic } from '../../src/topics/index.js';
import { person, sampleBot } from '../core/helpers.js';

// The sample's newest list is 2026-08-21, so "the last 7 days" is 15–21 August.
const alice = person({ userId: 'U_ALICE', channelId: 'C_GENERAL' });
const admin = person({ userId: 'U_ADMIN', channelId: 'C_GENERAL', canManageChannel: true });
const aliceDm = person({ userId: 'U_ALICE', channelId: 'D_ALICE', isDirectMessage: true });

const text = (r: Reply): string => [r.title, r.error?.message, ...(r.lines ?? []), ...(r.notices ?? [])].join('\n');

async function recentSamplePapers() {
  const source = new SampleSource();
  const days = ['2026-08-15', '2026-08-16', '2026-08-17', '2026-08-18', '2026-08-19', '2026-08-20', '2026-08-21'];
  const lists = await Promise.all(days.map((d) => source.day(d)));
  return [...new Map(lists.flatMap((l) => l.value).map((p) => [p.id, p])).values()];
}

describe('subscribe', () => {
  it('subscribes the caller by DM, privately, and says how many recent papers match', async () => {
    const { bot, services } = sampleBot();
    const reply = await bot.handle({ caller: alice, text: 'subscribe agent' });
    expect(reply.error).toBeUndefined();
    expect(reply.visibility).toBe('private');
    expect(reply.title).toBe('Subscribed');
    const subs = await services.store.subscriptions.list();
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({
      topic: 'agent',
      createdBy: 'U_ALICE',
      target: { kind: 'user', id: 'U_ALICE', platform: 'terminal', workspaceId: 'W1' },
    });
    const expected = (await recentSamplePapers()).filter((p) => compileTopic('agent').match(p).matched).length;
    expect(expected).toBeGreaterThan(5);
    expect(text(reply)).toContain(`matched ${expected} papers`);
    expect(text(reply)).toContain('direct message');
  });

  it('says whether a digest will bring the papers, and when', async () => {
    const { bot } = sampleBot();
    const before = await bot.handle({ caller: alice, text: 'subscribe agent' });
    expect(text(before)).toContain(
      'No digest is running for you yet, so nothing arrives until you start one: `/papers digest on`',
    );
    const channel = await bot.handle({ caller: admin, text: 'subscribe agent here' });
    expect(text(channel)).toContain('`/papers digest on here`');
    expect((await bot.handle({ caller: alice, text: 'digest on time=08:30 tz=Europe/Paris' })).error).toBeUndefined();
    const after = await bot.handle({ caller: alice, text: 'subscribe diffusion' });
    expect(text(after)).toContain('They arrive with the digest at 08:30 (Europe/Paris), on weekdays.');
  });

  it('keeps the topic exactly as typed, quotes and operators included', async () => {
    const { bot, services } = sampleBot();
    await bot.handle({ caller: alice, text: '/papers subscribe "in-context learning" OR ICL' });
    await bot.handle({ caller: alice, text: 'subscribe author:"Yann LeCun"' });
    expect((await services.store.subscriptions.list()).map((s) => s.topic)).toEqual([
      '"in-context learning" OR ICL',
      'author:"Yann LeCun"',
    ]);
  });

  it('refuses `here` to someone who cannot manage the channel, saying who can', async () => {
    const { bot, services } = sampleBot();
    // Who has the rights is the platform's to say (its capabilities): the core puts it in.
    const note = 'on Discord, that is the Manage Channels permission';
    const reply = await bot.handle({ caller: { ...alice, channelRightsNote: note }, text: 'subscribe agent here' });
    expect(reply.error?.code).toBe('forbidden');
    expect(reply.visibility).toBe('private');
    expect(reply.error?.message).toMatch(/manage this channel/);
    expect(reply.error?.message).toMatch(/Manage Channels/);
    expect(reply.error?.message).toMatch(/without `here`/);
    expect(await services.store.subscriptions.list()).toEqual([]);
  });

  it('subscribes the channel with `here` for a channel manager, and tells the channel', async () => {
    const { bot, services } = sampleBot();
    const reply = await bot.handle({ caller: admin, text: 'subscribe video generation here' });
    expect(reply.error).toBeUndefined();
    expect(reply.visibility).toBe('public');
    expect(text(reply)).toContain('this channel');
    const [sub] = await services.store.subscriptions.list();
    expect(sub!.target).toEqual({ platform: 'terminal', workspaceId: 'W1', kind: 'channel', id: 'C_GENERAL' });
    expect(sub!.topic).toBe('video generation');
  });

  it('treats `here` in a direct message as the person', async () => {
    const { bot, services } = sampleBot();
    expect((await bot.handle({ caller: aliceDm, text: 'subscribe agent here' })).error).toBeUndefined();
    expect((await services.store.subscriptions.list())[0]!.target).toMatchObject({ kind: 'user', id: 'U_ALICE' });
  });

  it('refuses a duplicate politely, comparing normalised text', async () => {
    const { bot, services } = sampleBot();
    await bot.handle({ caller: alice, text: 'subscribe "In-Context Learning" OR ICL' });
    for (const again of ['subscribe "in-context learning" OR ICL', 'subscribe   “in-context   learning”  OR  icl ']) {
      const reply = await bot.handle({ caller: alice, text: again });
      expect(reply.error?.code).toBe('duplicate');
      expect(reply.error?.message).toContain('You already follow `"In-Context Learning" OR ICL` (#1)');
    }
    // The same topic for another place is not a duplicate.
    expect(
      (await bot.handle({ caller: admin, text: 'subscribe "in-context learning" OR ICL here' })).error,
    ).toBeUndefined();
    expect(await services.store.subscriptions.list()).toHaveLength(2);
  });

  it(`stops at ${TOPICS_PER_TARGET} topics per place`, async () => {
    const { bot, services } = sampleBot();
    for (let i = 1; i <= TOPICS_PER_TARGET; i++) {
      expect((await bot.handle({ caller: alice, text: `subscribe topic${i}` })).error).toBeUndefined();
    }
    const reply = await bot.handle({ caller: alice, text: 'subscribe one more' });
    expect(reply.error?.code).toBe('limit_reached');
    expect(reply.error?.message).toMatch(/25 topics/);
    expect(reply.error?.message).toContain('/papers unsubscribe #n');
    expect(await services.store.subscriptions.list()).toHaveLength(TOPICS_PER_TARGET);
    // Another place has its own allowance.
    expect((await bot.handle({ caller: admin, text: 'subscribe one more here' })).error).toBeUndefined();
  });

  it('holds the duplicate and limit rules when requests arrive at once', async () => {
    const { bot, services } = sampleBot();
    const twice = await Promise.all([1, 2].map(() => bot.handle({ caller: alice, text: 'subscribe grokking' })));
    expect(twice.map((r) => r.error?.code ?? 'ok').sort()).toEqual(['duplicate', 'ok']);
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) => bot.handle({ caller: alice, text: `subscribe burst${i}` })),
    );
    expect(burst.filter((r) => r.error?.code === 'limit_reached')).toHaveLength(30 - (TOPICS_PER_TARGET - 1));
    expect(await services.store.subscriptions.list()).toHaveLength(TOPICS_PER_TARGET);
  });

  it('shows every topic parse error with its position, and stores nothing', async () => {
    const { bot, services } = sampleBot();
    const cases: [string, RegExp, string][] = [
      ['"in-context learning OR ICL', /unbalanced quote at character 1/, '▸"in-context'],
      ['diffusion OR', /OR needs something on both sides at character 11/, 'diffusion ▸OR'],
      ['(agents OR tools', /unbalanced parenthesis at character 1/, '▸(agents'],
      ['diffusion NOT', /NOT needs something after it at character 11/, 'diffusion ▸NOT'],
      ['venue:neurips', /unknown field "venue:" at character 1/, '▸venue:'],
    ];
    for (const [topic, message, marked] of cases) {
      for (const command of ['subscribe', 'preview']) {
        const reply = await bot.handle({ caller: alice, text: `${command} ${topic}` });
        expect(reply.error?.code, `${command} ${topic}`).toBe('bad_input');
        expect(reply.error?.message).toMatch(message);
        expect(reply.lines?.[0]).toBe(`Topic: ${marked}${topic.slice(marked.length - 1)}`);
      }
    }
    const long = await bot.handle({ caller: alice, text: `subscribe ${'word '.repeat(60)}` });
    expect(long.error?.message).toMatch(/too long at character 201/);
    expect(await services.store.subscriptions.list()).toEqual([]);
  });
});

describe('subscriptions', () => {
  it('numbers the topics with each one’s hit count over the last 7 days', async () => {
    const { bot } = sampleBot();
    for (const topic of ['agent', 'video generation', 'grokking'])
      await bot.handle({ caller: alice, text: `subscribe ${topic}` });
    const reply = await bot.handle({ caller: alice, text: 'subscriptions' });
    expect(reply.visibility).toBe('private');
    const recent = await recentSamplePapers();
    const count = (t: string) => recent.filter((p) => compileTopic(t).match(p).matched).length;
    const plural = (n: number) => `${n} paper${n === 1 ? '' : 's'}`;
    expect(reply.lines!.slice(0, 3)).toEqual([
      `#1  agent — ${plural(count('agent'))}`,
      `#2  video generation — ${plural(count('video generation'))}`,
      `#3  grokking — ${plural(count('grokking'))}`,
    ]);
    expect(text(reply)).toMatch(/last 7 days of Daily Papers \(Sat 15 Aug 2026 – Fri 21 Aug 2026\)/);
    expect(text(reply)).toContain('3 of at most 25');
  });

  it("keeps a person's topics and the channel's apart", async () => {
    const { bot } = sampleBot();
    await bot.handle({ caller: alice, text: 'subscribe agent' });
    await bot.handle({ caller: admin, text: 'subscribe diffusion here' });
    expect((await bot.handle({ caller: alice, text: 'subscriptions' })).lines![0]).toMatch(/^#1 {2}agent/);
    const channel = await bot.handle({ caller: alice, text: 'subscriptions here' });
    expect(channel.title).toBe("This channel's topics");
    expect(channel.lines![0]).toMatch(/^#1 {2}diffusion/);
    expect(text(channel)).not.toContain('agent');
  });

  it('says how to start when there are none', async () => {
    const { bot } = sampleBot();
    const reply = await bot.handle({ caller: alice, text: 'subscriptions' });
    expect(reply.error).toBeUndefined();
    expect(text(reply)).toMatch(/no topics yet.*\/papers subscribe/);
  });
});

describe('unsubscribe', () => {
  it('removes by number or by text, and later numbers move up', async () => {
    const { bot, services } = sampleBot();
    for (const topic of ['agent', 'video generation', 'grokking', 'diffusion'])
      await bot.handle({ caller: alice, text: `subscribe ${topic}` });
    const byNumber = await bot.handle({ caller: alice, text: 'unsubscribe #2' });
    expect(byNumber.error).toBeUndefined();
    expect(byNumber.visibility).toBe('private');
    expect(text(byNumber)).toContain('`video generation` no longer comes to you');
    expect(text(byNumber)).toContain('3 topics left');
    expect(String((await bot.handle({ caller: alice, text: 'unsubscribe 2' })).lines![0])).toContain('`grokking`');
    expect((await bot.handle({ caller: alice, text: 'unsubscribe  AGENT ' })).error).toBeUndefined();
    expect((await services.store.subscriptions.list()).map((s) => s.topic)).toEqual(['diffusion']);
  });

  it('says what exists when the topic or number is not there', async () => {
    const { bot } = sampleBot();
    expect((await bot.handle({ caller: alice, text: 'unsubscribe #1' })).error?.message).toMatch(
      /no topics, so there is nothing to remove/,
    );
    await bot.handle({ caller: alice, text: 'subscribe agent' });
    const number = await bot.handle({ caller: alice, text: 'unsubscribe #7' });
    expect(number.error?.code).toBe('not_found');
    expect(number.error?.message).toContain('There is no topic #7: you follow 1 (#1–#1)');
    const topic = await bot.handle({ caller: alice, text: 'unsubscribe grokking' });
    expect(topic.error?.code).toBe('not_found');
    expect(topic.error?.message).toContain('You do not follow `grokking`');
    expect(topic.error?.message).toContain('/papers subscriptions');
  });

  it("needs channel rights to remove a channel's topic", async () => {
    const { bot, services } = sampleBot();
    await bot.handle({ caller: admin, text: 'subscribe diffusion here' });
    const refused = await bot.handle({ caller: alice, text: 'unsubscribe #1 here' });
    expect(refused.error?.code).toBe('forbidden');
    expect(await services.store.subscriptions.list()).toHaveLength(1);
    // Without `here` Alice's own (empty) list is meant, never the channel's.
    expect((await bot.handle({ caller: alice, text: 'unsubscribe diffusion' })).error?.code).toBe('not_found');
    const removed = await bot.handle({ caller: admin, text: 'unsubscribe diffusion here' });
    expect(removed.error).toBeUndefined();
    expect(removed.visibility).toBe('public');
    expect(await services.store.subscriptions.list()).toEqual([]);
  });
});

describe('preview', () => {
  it('shows the last 7 days’ matches as cards, most upvoted first, each with why', async () => {
    const { bot } = sampleBot();
    const reply = await bot.handle({ caller: alice, text: 'preview agent' });
    expect(reply.error).toBeUndefined();
    expect(reply.visibility).toBe('private');
    const recent = await recentSamplePapers();
    // Most upvoted first, ties as everywhere else in Paperboy (sortPapers).
    const expected = sortPapers(
      recent.filter((p) => compileTopic('agent').match(p).matched),
      'top',
    );
    expect(reply.paging).toMatchObject({ page: 1, total: expected.length, command: 'preview agent' });
    expect(reply.cards!.map((c) => c.id)).toEqual(expected.slice(0, 10).map((p) => p.id));
    expect(reply.cards!.map((c) => c.rank)).toEqual(expected.slice(0, 10).map((_, i) => i + 1));
    for (const card of reply.cards!) expect(card.why).toMatch(/^matched: agent \((title|abstract|keywords)/);
    expect(text(reply)).toContain(`${expected.length} of ${recent.length} papers`);
  });

  it('pages through the same list', async () => {
    const { bot } = sampleBot();
    const first = await bot.handle({ caller: alice, text: 'preview agent' });
    expect(first.paging!.pages).toBeGreaterThan(1);
    const second = await bot.handle({ caller: alice, text: 'preview agent page=2' });
    expect(second.cards![0]!.rank).toBe(11);
    expect(second.cards!.map((c) => c.id).some((id) => first.cards!.some((c) => c.id === id))).toBe(false);
  });

  it('explains which words hit where', async () => {
    const { bot } = sampleBot();
    const reply = await bot.handle({ caller: alice, text: 'preview video (generation OR editing)' });
    expect(reply.cards!.length).toBeGreaterThan(0);
    for (const card of reply.cards!) expect(card.why).toMatch(/video \(.*\), (generation|editing) \(/);
  });

  it('says so when nothing matches', async () => {
    const { bot } = sampleBot();
    const reply = await bot.handle({ caller: alice, text: 'preview xylophone' });
    expect(reply.error).toBeUndefined();
    expect(reply.cards).toBeUndefined();
    expect(text(reply)).toMatch(/Nothing in the last 7 days .* matches `xylophone`/);
  });
});

describe('when Hugging Face is down', () => {
  const down: PaperSource = {
    day: async () => {
      throw new PaperboyError(
        'upstream_unavailable',
        "Hugging Face isn't answering right now; try again in a few minutes.",
      );
    },
    week: async () => ({ value: [], fetchedAt: 0 }),
    month: async () => ({ value: [], fetchedAt: 0 }),
    search: async () => ({ value: [], fetchedAt: 0 }),
    paper: async () => ({ value: undefined, fetchedAt: 0 }),
    today: () => '2026-08-21',
  };

  it('still subscribes and lists, without counts; preview says why it cannot answer', async () => {
    const { bot, services } = sampleBot({ papers: down });
    const subscribed = await bot.handle({ caller: alice, text: 'subscribe agent' });
    expect(subscribed.error).toBeUndefined();
    expect(await services.store.subscriptions.list()).toHaveLength(1);
    const list = await bot.handle({ caller: alice, text: 'subscriptions' });
    expect(list.lines![0]).toBe('#1  agent');
    expect(list.notices).toEqual(["Match counts are missing: Hugging Face isn't answering right now."]);
    const previewed = await bot.handle({ caller: alice, text: 'preview agent' });
    expect(previewed.error?.code).toBe('upstream_unavailable');
  });
});
