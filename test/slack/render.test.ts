import { describe, expect, it } from 'vitest';
import { escapeSlack, safeData, safeUrl } from '../../adapters/slack/escape.js';
import { decodePageState, encodePageState } from '../../adapters/slack/paging.js';
import {
  renderDigestParent,
  renderDigestPaper,
  renderReply,
  SLACK_LIMITS,
  type SlackMessage,
  withoutImages,
} from '../../adapters/slack/render.js';
import type { PaperCard, Reply } from '../../src/reply.js';

const card = (rank: number, over: Partial<PaperCard> = {}): PaperCard => ({
  rank,
  id: `2607.${String(10000 + rank)}`,
  title: `Paper number ${rank}`,
  hfUrl: `https://huggingface.co/papers/2607.${10000 + rank}`,
  arxivUrl: `https://arxiv.org/abs/2607.${10000 + rank}`,
  upvotes: 100 - rank,
  authors: 'A. Author, B. Author, C. Author et al.',
  organization: 'Example Lab',
  github: { url: 'https://github.com/example/repo', stars: 12_345 },
  blurb: 'We study something. It works.',
  thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2607.${10000 + rank}.png`,
  day: '2026-07-22',
  ...over,
});

/** Every string a Slack client would parse as markup: all text fields of all blocks, plus the fallback. */
function allText(m: SlackMessage): string[] {
  const out = [m.text];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(m.blocks);
  return out;
}

function expectWithinLimits(m: SlackMessage) {
  expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
  expect(m.text.length).toBeGreaterThan(0);
  for (const b of m.blocks as {
    type: string;
    text?: { text: string };
    elements?: { type: string; text?: unknown }[];
  }[]) {
    if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    if (b.type === 'context') expect(b.elements!.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
    if (b.type === 'actions') {
      for (const e of b.elements!)
        expect((e.text as { text: string }).text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
    }
  }
}

describe('escaping', () => {
  it('escapes &, < and > so nothing pings or forges a link', () => {
    expect(escapeSlack('<!channel> & <@U123> <https://evil.example|click>')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil.example|click&gt;',
    );
  });

  it('defuses formatting markers and bare broadcast words in data fields', () => {
    const s = safeData('*Bold* _it_ ~gone~ `code` @channel snake_case');
    expect(s).not.toMatch(/[*~`]/);
    expect(s).not.toMatch(/(^|\s)_/);
    expect(s).toContain('snake_case');
    expect(s).not.toMatch(/@channel/);
  });

  it('drops bidi override characters from data fields', () => {
    expect(safeData('abc\u202Egnp.exe\u202C')).toBe('abcgnp.exe');
  });

  it('accepts only http(s) URLs and keeps them from closing a link early', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl('https://example.com/a|b>c')).toBe('https://example.com/a%7Cb%3Ec');
  });
});

describe('renderReply', () => {
  it('renders a hostile paper title escaped in every text field', () => {
    const title = '<!channel> & <@U123>';
    const [m] = renderReply({
      title: `Search: ${title}`,
      cards: [
        card(1, {
          title,
          authors: '<!here>',
          organization: '<@U999>',
          blurb: '<https://evil|x>',
          why: 'matched: <!everyone>',
        }),
      ],
      visibility: 'public',
    });
    const texts = allText(m!);
    for (const t of texts) {
      expect(t).not.toMatch(/<[!@]/);
      expect(t).not.toContain('<https://evil');
    }
    expect(texts.join('\n')).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;');
  });

  it('renders a card: title links to Hugging Face, meta line, thumbnail accessory, why line', () => {
    const [m] = renderReply({
      title: 'Today',
      cards: [card(1, { why: 'matched: grokking (title)' })],
      visibility: 'public',
    });
    const section = m!.blocks[1] as {
      type: string;
      text: { text: string };
      accessory?: { type: string; image_url: string };
    };
    expect(section.type).toBe('section');
    expect(section.text.text).toContain('<https://huggingface.co/papers/2607.10001|Paper number 1>');
    expect(section.text.text).toContain('matched: grokking (title)');
    expect(section.accessory).toMatchObject({ type: 'image', image_url: card(1).thumbnail });
    const meta = JSON.stringify(m!.blocks[2]);
    for (const part of ['▲ 99', 'Example Lab', 'GitHub ★ 12k', 'arxiv.org/abs/2607.10001'])
      expect(meta).toContain(part);
    expectWithinLimits(m!);
  });

  it('drops a thumbnail that is not an http(s) URL rather than letting Slack reject the message', () => {
    const [m] = renderReply({ title: 'T', cards: [card(1, { thumbnail: 'ftp://x/y.png' })], visibility: 'public' });
    expect(JSON.stringify(m!.blocks)).not.toContain('"accessory"');
  });

  it('splits 70 papers over several messages, none over 50 blocks, all papers present', () => {
    const cards = Array.from({ length: 70 }, (_, i) => card(i + 1));
    const messages = renderReply({ title: 'A big day', cards, notices: ['note'], visibility: 'public' });
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.length).toBeLessThanOrEqual(SLACK_LIMITS.messagesPerResponse);
    messages.forEach(expectWithinLimits);
    const joined = JSON.stringify(messages);
    for (const c of cards) expect(joined).toContain(`|Paper number ${c.rank}>`);
    expect(messages[0]!.text).toContain('70 papers');
    expect(JSON.stringify(messages.at(-1))).toContain('note');
  });

  it('cuts what would not fit in five messages and says so', () => {
    const cards = Array.from({ length: 300 }, (_, i) => card(i + 1));
    const messages = renderReply({ title: 'Too many', cards, visibility: 'public' });
    expect(messages).toHaveLength(SLACK_LIMITS.messagesPerResponse);
    messages.forEach(expectWithinLimits);
    expect(JSON.stringify(messages.at(-1))).toMatch(/more not shown/);
  });

  it('keeps very long text within the section and header limits', () => {
    const long = 'x'.repeat(10_000);
    const messages = renderReply({
      title: long,
      lines: [long, long],
      cards: [card(1, { title: long, blurb: long, authors: long, why: long })],
      notices: Array.from({ length: 25 }, () => long),
      visibility: 'private',
    });
    messages.forEach(expectWithinLimits);
  });

  it('never cuts an escaped entity in half', () => {
    const [m] = renderReply({ title: '&'.repeat(200), visibility: 'private' });
    const header = (m!.blocks[0] as { text: { text: string } }).text.text;
    expect(header.replace(/&amp;/g, '')).toBe('…');
  });

  it('renders an error with its message, privately usable, with a text fallback', () => {
    const reply: Reply = {
      title: "That didn't work",
      error: { code: 'bad_input', message: 'top= must be at most 100' },
      visibility: 'private',
    };
    const [m] = renderReply(reply);
    expect(m!.text).toContain('top= must be at most 100');
    expect(JSON.stringify(m!.blocks)).toContain(':warning: top= must be at most 100');
  });

  it('adds Prev/Next buttons carrying the command, page and asker', () => {
    const reply: Reply = {
      title: 'T',
      cards: [card(11)],
      paging: { page: 2, pages: 3, total: 25, command: 'today top=25' },
      visibility: 'public',
    };
    const [m] = renderReply(reply, { userId: 'U0ALICE', seal: (state) => `mac-${state.page}`.padEnd(16, '0') });
    const actions = m!.blocks.find((b) => b.type === 'actions') as {
      elements: { action_id: string; value: string; text: { text: string } }[];
    };
    expect(actions.elements.map((e) => e.action_id)).toEqual(['paperboy_page_prev', 'paperboy_page_next']);
    expect(actions.elements.map((e) => decodePageState(e.value))).toEqual([
      { command: 'today top=25', page: 1, userId: 'U0ALICE', mac: 'mac-100000000000' },
      { command: 'today top=25', page: 3, userId: 'U0ALICE', mac: 'mac-300000000000' },
    ]);
    expect(JSON.stringify(m!.blocks)).toContain('Page 2 of 3');
  });

  it('falls back to a typed hint when the command is too long for a button value', () => {
    const command = `search ${'y'.repeat(2100)}`;
    expect(encodePageState({ command, page: 2, userId: 'U1' }, 'm'.repeat(16))).toBeUndefined();
    const [m] = renderReply(
      { title: 'T', cards: [card(1)], paging: { page: 1, pages: 2, total: 12, command }, visibility: 'public' },
      { userId: 'U1', seal: () => 'm'.repeat(16) },
    );
    expect(m!.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(m!.blocks)).toContain('page=2');
    expectWithinLimits(m!);
  });

  it('rejects button values it did not write', () => {
    expect(decodePageState('{"c":"today"}')).toBeUndefined();
    expect(decodePageState('{"c":"today","p":2,"u":"U1"}')).toBeUndefined();
    expect(decodePageState('not json')).toBeUndefined();
    expect(decodePageState(undefined)).toBeUndefined();
  });
});

describe('digest messages', () => {
  it('renders the parent as a header and subtitle, escaped', () => {
    const m = renderDigestParent({
      listDate: '2026-07-22',
      title: 'Daily Papers · Wed 22 Jul 2026 · 17 papers, top 10',
      subtitle: 'Topics: <!channel>',
      threadName: 'x',
    });
    expect(m.blocks[0]).toMatchObject({ type: 'header' });
    expect(m.text).toContain('Topics: &lt;!channel&gt;');
    expectWithinLimits(m);
  });

  it('renders a paper, and the same paper without images when Slack cannot fetch one', () => {
    const m = renderDigestPaper(card(3));
    expect(m.text).toBe('3. Paper number 3 (▲ 97)');
    expect(JSON.stringify(m.blocks)).toContain('"accessory"');
    expect(JSON.stringify(withoutImages(m).blocks)).not.toContain('"accessory"');
  });
});
