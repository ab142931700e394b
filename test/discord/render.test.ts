import { describe, expect, it } from 'vitest';
import {
  LIMITS,
  cardEmbed,
  embedChars,
  markdown,
  plain,
  renderReply,
  safeUrl,
  threadName,
  truncate,
} from '../../adapters/discord/render.js';
import { code, link, rich, type PaperCard, type Reply } from '../../src/reply.js';

const card = (rank: number, over: Partial<PaperCard> = {}): PaperCard => ({
  rank,
  id: `2608.${String(10000 + rank)}`,
  title: `Paper number ${rank} about scaling laws`,
  hfUrl: `https://huggingface.co/papers/2608.${10000 + rank}`,
  arxivUrl: `https://arxiv.org/abs/2608.${10000 + rank}`,
  upvotes: 100 - rank,
  authors: 'A. Author, B. Author, C. Author et al.',
  blurb: 'We study a thing. '.repeat(16).trim(),
  ...over,
});

/** Every limit Discord would reject a message for. */
function expectWithinLimits(messages: ReturnType<typeof renderReply>) {
  for (const m of messages) {
    expect(m.embeds.length).toBeGreaterThan(0);
    expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
    expect(m.embeds.reduce((n, e) => n + embedChars(e), 0)).toBeLessThanOrEqual(LIMITS.charsPerMessage);
    for (const e of m.embeds) {
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
      expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
      expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
      for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
  }
}

describe('renderReply', () => {
  it('splits a 70-paper reply into messages of at most 10 embeds, keeping every card in order', () => {
    const reply: Reply = {
      title: 'Daily Papers · 2026-05-13',
      cards: Array.from({ length: 70 }, (_, i) => card(i + 1)),
      visibility: 'public',
    };
    const messages = renderReply(reply);
    expectWithinLimits(messages);
    // 70 cards → 7 messages of 10 embeds; the title rides in the first one's content
    expect(messages).toHaveLength(7);
    expect(messages[0]!.content).toBe('**Daily Papers · 2026-05-13**');
    expect(messages.slice(1).every((m) => m.content === undefined)).toBe(true);
    const titles = messages.flatMap((m) => m.embeds.map((e) => e.title));
    expect(titles).toEqual(reply.cards!.map((c) => `${c.rank}. ${c.title}`));
  });

  it('splits by the 6000-character budget before the 10-embed cap when cards are long', () => {
    const long = 'x'.repeat(2000);
    const cards = Array.from({ length: 12 }, (_, i) => card(i + 1, { title: long, blurb: long, authors: long }));
    const messages = renderReply({ title: 'Search', cards, visibility: 'public' });
    expectWithinLimits(messages);
    expect(messages.flatMap((m) => m.embeds)).toHaveLength(12);
    expect(messages.length).toBeGreaterThan(2);
  });

  it('truncates long titles to 256 with an ellipsis, and keeps short ones intact', () => {
    const e = cardEmbed(card(3, { title: 'T'.repeat(400) }));
    expect(e.title).toHaveLength(256);
    expect(e.title!.endsWith('…')).toBe(true);
    expect(cardEmbed(card(3)).title).toBe('3. Paper number 3 about scaling laws');
  });

  it('fits a page of 10 long cards into ONE message by shortening blurbs, so paging can edit it in place', () => {
    const cards = Array.from({ length: 10 }, (_, i) =>
      card(i + 1, { title: 'T'.repeat(250), blurb: 'b'.repeat(1200), authors: 'a'.repeat(200) }),
    );
    const messages = renderReply({
      title: 'Today',
      cards,
      paging: { page: 1, pages: 7, total: 70, command: 'today' },
      visibility: 'public',
    });
    expect(messages).toHaveLength(1);
    expectWithinLimits(messages);
    expect(messages[0]!.embeds).toHaveLength(10);
  });

  it('splits long help text over several description-sized embeds', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} `.padEnd(80, '.'));
    const messages = renderReply({ title: 'Help', lines, visibility: 'private' });
    expectWithinLimits(messages);
    const text = messages.flatMap((m) => m.embeds.map((e) => e.description ?? '')).join('\n');
    expect(text).toContain('line 0 ');
    expect(text).toContain('line 199 ');
  });

  it('renders thumbnails as images, links to HF/arXiv/GitHub, and the page footer', () => {
    const c = card(1, {
      thumbnail: 'https://cdn-thumbnails.huggingface.co/x.png',
      github: { url: 'https://github.com/a/b', stars: 42 },
      why: 'matched: diffusion (title)',
    });
    const [m] = renderReply({
      title: 'Today',
      cards: [c],
      paging: { page: 2, pages: 3, total: 25, command: 'today' },
      visibility: 'public',
    });
    const [e] = m!.embeds;
    expect(m!.content).toBe('**Today**\n-# Page 2 of 3 · 25 papers');
    expect(e!.image).toEqual({ url: 'https://cdn-thumbnails.huggingface.co/x.png' });
    expect(e!.url).toBe(c.hfUrl);
    expect(e!.description).toContain('[GitHub ★ 42](https://github.com/a/b)');
    expect(e!.description).toContain('*matched: diffusion \\(title\\)*');
    expect(e!.footer?.text).toContain('▲ 99');
  });

  it('drops non-http thumbnails instead of letting Discord reject the whole message', () => {
    expect(cardEmbed(card(1, { thumbnail: 'javascript:alert(1)' })).image).toBeUndefined();
    expect(cardEmbed(card(1, { thumbnail: 'not a url' })).image).toBeUndefined();
    expect(safeUrl('https://x.org/a b')).toBe('https://x.org/a%20b');
  });

  it('shows errors and notices plainly', () => {
    const [m] = renderReply({
      title: "That didn't work",
      error: { code: 'bad_input', message: '2026-02-30 is not a date' },
      notices: ['Served from a cache 2 h old'],
      visibility: 'private',
    });
    expect(m!.embeds[0]!.description).toBe('**2026-02-30 is not a date**\n⚠️ Served from a cache 2 h old');
    expect(m!.embeds[0]!.color).toBe(0xe5484d);
  });
});

describe('plain (outside text)', () => {
  it('cannot forge formatting, masked links or mentions', () => {
    const evil = plain('**bold** [click](https://evil.example) <@123> <@&456> @everyone # Heading');
    expect(evil).not.toContain('**bold**');
    expect(evil).toContain('\\*\\*bold\\*\\*');
    expect(evil).toContain('\\[click\\]\\(');
    expect(evil).not.toMatch(/<@\d/);
    expect(evil).not.toMatch(/<@&\d/);
    expect(evil).not.toContain('@everyone');
  });

  it('neutralises headings and lists at the start, and stays fast on 10 kB input', () => {
    expect(plain('# Big')).toBe('\\# Big');
    expect(plain('1. item')).toBe('1\\. item');
    expect(plain('x'.repeat(10_000))).toHaveLength(10_000);
  });

  it('shows a plain string literally: its backticks cannot open a code span', () => {
    expect(plain('Type `/papers help` for more')).toBe('Type \\`/papers help\\` for more');
    expect(plain('a ` b **c**')).toBe('a \\` b \\*\\*c\\*\\*');
  });

  it('renders inline code and links of rich text as Discord markdown', () => {
    expect(markdown(rich`Type ${code('/papers help <command>')} for more`)).toBe(
      'Type `/papers help <command>` for more',
    );
    expect(markdown(rich`${code('<@123>')} and <@123>`)).toBe('`<@123>` and <\u200b@123\\>');
    // A backtick inside code cannot end the span early.
    expect(markdown(rich`Topic ${code('a`b')}`)).toBe('Topic `aˋb`');
    expect(markdown(rich`See ${link('the *docs*', 'https://x.org/a b')}.`)).toBe(
      'See [the \\*docs\\*](https://x.org/a%20b).',
    );
    // Only http(s) becomes a link; anything else stays its label, as text.
    expect(markdown(rich`See ${link('this', 'javascript:alert(1)')}.`)).toBe('See this.');
    expect(markdown('plain `text`')).toBe(plain('plain `text`'));
  });

  it('leaves ordinary angle brackets alone', () => {
    expect(plain('a <arXiv id> b')).toBe('a <arXiv id\\> b');
    expect(plain('<t:1700000000> </papers:1>')).toBe('<\u200bt:1700000000\\> <\u200b/papers:1\\>');
  });

  it('collapses arXiv line breaks', () => {
    expect(plain('Scaling\n  laws')).toBe('Scaling laws');
  });
});

describe('truncate and threadName', () => {
  it('never splits a surrogate pair', () => {
    const t = truncate('a😀😀😀', 3);
    expect(t).toBe('a…');
    expect(t.length).toBeLessThanOrEqual(3);
  });

  it('keeps thread names within 1–100 characters with no newlines', () => {
    expect(threadName({ listDate: '2026-08-21', title: 't', threadName: 'x'.repeat(150) })).toHaveLength(100);
    expect(threadName({ listDate: '2026-08-21', title: '', threadName: '  ' })).toBe('Daily Papers 2026-08-21');
    expect(threadName({ listDate: '2026-08-21', title: 't', threadName: 'a\nb' })).toBe('a b');
  });
});
