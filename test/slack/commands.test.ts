import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeSlack } from '../../adapters/slack/escape.js';
import type { Caller } from '../../src/caller.js';
import type { Paper } from '../../src/papers/paper.js';
import { buttonsOf, fixturePapers, startHarness, type Harness } from './harness.js';

/**
 * Every command through the real Bolt stack: signed slash command in, Block Kit out on
 * the response_url. The expected answer is the bot's own Reply for the same caller, so
 * these tests check the translation (visibility, title, cards, errors), not the core.
 */
const channelCaller: Caller = {
  platform: 'slack',
  userId: 'U0ALICE',
  workspaceId: 'T0PAPERBOY',
  channelId: 'C0GENERAL',
  isDirectMessage: false,
  canManageChannel: false,
};

const hostile: Paper = {
  ...fixturePapers()[0]!,
  id: '2607.99999',
  title: '<!channel> & <@U123> *bold* <https://evil.example|click me>',
  upvotes: 10_000,
  authors: ['<!here>', 'Mallory'],
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ papers: [...fixturePapers(), hostile] });
});
afterAll(async () => {
  await h?.close();
});

describe('/papers <command> through Bolt', () => {
  const texts = [
    'today',
    'today top=5 min_upvotes=10',
    'today sort=new',
    'yesterday',
    'date 2026-07-22',
    'week',
    'month 2026-07',
    'search agent',
    'paper 2607.16617',
    'help',
    'help today',
    'date 2026-02-30',
    'today top=1000',
    'todya',
    '',
  ];
  for (const text of texts) {
    it(`answers "/papers ${text}" as the bot does, rendered for Slack`, async () => {
      const expected = await h.bot.handle({ caller: channelCaller, text });
      const [answer] = await h.slash(text);
      const body = answer!.body;
      expect(body.response_type).toBe(expected.visibility === 'public' ? 'in_channel' : 'ephemeral');
      expect(body.replace_original).toBe(false);
      expect(typeof body.text).toBe('string');
      expect(body.text!.length).toBeGreaterThan(0);
      const blocks = body.blocks as { type: string; text?: { text: string } }[];
      expect(blocks.length).toBeLessThanOrEqual(50);
      expect(blocks[0]!.type).toBe('header');
      if (expected.error) {
        const shown = blocks.map((b) => b.text?.text ?? '').join('\n');
        expect(shown).toContain(escapeSlack(expected.error.message.slice(0, 40)));
      }
      // A card opens with its (ranked) title link: "*3. <url|title>*", or "*<url|title>*" on its own.
      const sections = blocks.filter((b) => b.type === 'section' && b.text?.text.match(/^\*(?:\d+\. )?<https:\/\//));
      expect(sections).toHaveLength(expected.cards?.length ?? 0);
    });
  }

  it('acks at once with an empty 200 and answers on the response_url', async () => {
    const res = await h.send('today', { id: 'ack-check' });
    expect(res).toEqual({ status: 200, body: '' });
    await h.fake.responsesTo('ack-check');
  });

  it('answers lists in the channel with paging buttons carrying the asker', async () => {
    const [answer] = await h.slash('today', { user: 'U0BOB' });
    // Save buttons come first (one per card); paging is the rest.
    const buttons = buttonsOf(answer!.body).filter((b) => b.action_id.startsWith('paperboy_page_'));
    expect(buttons.map((b) => b.action_id)).toEqual(['paperboy_page_next']);
    expect(JSON.parse(buttons[0]!.value)).toMatchObject({ c: 'today', p: 2, u: 'U0BOB', m: expect.any(String) });
  });

  it('renders a hostile paper title and authors escaped, so nothing pings or forges a link', async () => {
    const [answer] = await h.slash('paper 2607.99999');
    const raw = JSON.stringify(answer!.body);
    expect(raw).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;');
    expect(raw).toContain('&lt;!here&gt;');
    expect(raw).not.toMatch(/<!channel>|<@U123>|<!here>|<https:\/\/evil/);
    expect(answer!.body.text).not.toMatch(/<[!@]/);
  });

  it('splits a 70-paper reply over several in-channel messages, none over 50 blocks, every paper once', async () => {
    const answers = await h.slash('biglist', { count: 2 });
    await new Promise((r) => setTimeout(r, 300)); // let any further messages arrive
    const mine = h.fake.responses.filter((r) => r.id === answers[0]!.id);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.length).toBeLessThanOrEqual(5);
    const ranks: number[] = [];
    for (const { body } of mine) {
      expect(body.response_type).toBe('in_channel');
      expect(body.blocks!.length).toBeLessThanOrEqual(50);
      for (const b of body.blocks as { type: string; text?: { text: string } }[]) {
        const m = /^\*(\d+)\. /.exec(b.type === 'section' ? b.text!.text : '');
        if (m) ranks.push(Number(m[1]));
      }
    }
    expect(ranks).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
  });

  it('escapes user input echoed back in an error', async () => {
    const [answer] = await h.slash('<!channel>');
    expect(answer!.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer!.body)).not.toContain('<!channel>');
  });
});

describe('the caller the adapter builds', () => {
  const callerFrom = (body: { blocks?: unknown[] }): Caller => {
    const section = (body.blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'section')!;
    return JSON.parse(section.text!.text.replace(/&quot;/g, '"')) as Caller;
  };

  it('marks a slash command from a DM as a direct message', async () => {
    const [answer] = await h.slash('whoami', { channel: 'D0ALICE', user: 'U0ALICE' });
    expect(callerFrom(answer!.body)).toEqual({
      platform: 'slack',
      userId: 'U0ALICE',
      workspaceId: 'T0PAPERBOY',
      channelId: 'D0ALICE',
      isDirectMessage: true,
      canManageChannel: false,
      // From Slack's capabilities: what a refusal says about who has channel rights.
      channelRightsNote: expect.stringContaining('workspace admins and owners'),
    });
  });

  it('does not ask Slack who is an admin for personal commands', async () => {
    const before = h.fake.callsTo('users.info').length;
    await h.slash('today');
    await h.slash('whoami', { user: 'U0CAROL' });
    expect(h.fake.callsTo('users.info').length).toBe(before);
  });
});
