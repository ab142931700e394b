import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.js';
import { dedupeById, firstSentences, formatAge, formatAuthors, paginate, sortPapers } from '../../src/papers/query.js';
import { toCard } from '../../src/papers/cards.js';

const paper = (over: Partial<Paper>): Paper => ({
  id: '2608.00001',
  title: 'T',
  summary: 'S.',
  authors: [],
  upvotes: 0,
  publishedAt: '2026-08-20T00:00:00.000Z',
  ...over,
});

describe('sortPapers', () => {
  const list = [
    paper({ id: '2608.00001', upvotes: 5, publishedAt: '2026-08-19T10:00:00.000Z' }),
    paper({ id: '2608.00003', upvotes: 9, publishedAt: '2026-08-18T10:00:00.000Z' }),
    paper({ id: '2608.00002', upvotes: 5, publishedAt: '2026-08-20T10:00:00.000Z' }),
  ];
  it('top: upvotes desc, ties by id desc, without mutating the input', () => {
    expect(sortPapers(list, 'top').map((p) => p.id)).toEqual(['2608.00003', '2608.00002', '2608.00001']);
    expect(list[0]!.id).toBe('2608.00001');
  });
  it('new: publishedAt desc', () => {
    expect(sortPapers(list, 'new').map((p) => p.id)).toEqual(['2608.00002', '2608.00001', '2608.00003']);
  });
  it('new: an unparseable date sinks to the end', () => {
    const odd = [paper({ id: 'a', publishedAt: 'never' }), paper({ id: 'b' })];
    expect(sortPapers(odd, 'new').map((p) => p.id)).toEqual(['b', 'a']);
  });
});

describe('paginate', () => {
  const items = Array.from({ length: 23 }, (_, i) => i);
  it('slices 1-based pages and counts them', () => {
    expect(paginate(items, 1, 10)).toEqual({ items: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], page: 1, pages: 3, total: 23 });
    expect(paginate(items, 3, 10).items).toEqual([20, 21, 22]);
  });
  it('clamps out-of-range pages', () => {
    expect(paginate(items, 9, 10).page).toBe(3);
    expect(paginate(items, 0, 10).page).toBe(1);
  });
  it('an empty list is page 1 of 1', () => {
    expect(paginate([], 1, 10)).toEqual({ items: [], page: 1, pages: 1, total: 0 });
  });
});

describe('dedupeById', () => {
  it('keeps the copy with most upvotes at the first position', () => {
    const out = dedupeById([
      paper({ id: 'x', upvotes: 1, day: '2026-08-17' }),
      paper({ id: 'y', upvotes: 3 }),
      paper({ id: 'x', upvotes: 7, day: '2026-08-18' }),
    ]);
    expect(out.map((p) => [p.id, p.upvotes, p.day])).toEqual([
      ['x', 7, '2026-08-18'],
      ['y', 3, undefined],
    ]);
  });
});

describe('firstSentences', () => {
  it('keeps whole sentences within the limit', () => {
    expect(firstSentences('One two. Three four five. Six.', 20)).toBe('One two.');
  });
  it('does not split on abbreviations such as e.g.', () => {
    expect(firstSentences('We use e.g. transformers here. Next sentence is long enough.', 35)).toBe(
      'We use e.g. transformers here.',
    );
  });
  it('cuts an over-long first sentence at a word with an ellipsis', () => {
    const out = firstSentences('alpha beta gamma delta epsilon zeta eta theta', 20);
    expect(out.endsWith('…')).toBe(true);
    expect(out.length).toBeLessThanOrEqual(20);
    expect(out).toBe('alpha beta gamma…');
  });
  it('collapses whitespace and returns short text unchanged', () => {
    expect(firstSentences('  a\n  b  ', 50)).toBe('a b');
  });
});

describe('formatAuthors', () => {
  it('shows three names then et al.', () => {
    expect(formatAuthors(['A', 'B', 'C', 'D'])).toBe('A, B, C et al.');
    expect(formatAuthors(['A', 'B', 'C'])).toBe('A, B, C');
    expect(formatAuthors(['A'])).toBe('A');
    expect(formatAuthors([])).toBe('');
  });
});

describe('formatAge', () => {
  it('says minutes, hours or days', () => {
    expect(formatAge(5 * 60_000)).toBe('5 min');
    expect(formatAge(10_000)).toBe('1 min');
    expect(formatAge(2 * 3_600_000 + 59 * 60_000)).toBe('2 h');
    expect(formatAge(26 * 3_600_000)).toBe('1 day');
    expect(formatAge(3 * 86_400_000)).toBe('3 days');
  });
});

describe('toCard', () => {
  it('maps every present field and prefers the AI summary', () => {
    const card = toCard(
      paper({
        id: '2608.19880',
        title: 'Title',
        authors: ['A', 'B', 'C', 'D'],
        upvotes: 163,
        aiSummary: 'Short  AI\nsummary.',
        organization: { name: 'google', fullname: 'Google' },
        githubRepo: 'https://github.com/x/y',
        githubStars: 8,
        day: '2026-08-21',
        numComments: 2,
        thumbnail: 'https://cdn/t.png',
        projectPage: 'https://p',
      }),
      1,
      'matched: x (title)',
    );
    expect(card).toEqual({
      rank: 1,
      id: '2608.19880',
      title: 'Title',
      hfUrl: 'https://huggingface.co/papers/2608.19880',
      arxivUrl: 'https://arxiv.org/abs/2608.19880',
      upvotes: 163,
      authors: 'A, B, C et al.',
      blurb: 'Short AI summary.',
      organization: 'Google',
      github: { url: 'https://github.com/x/y', stars: 8 },
      day: '2026-08-21',
      numComments: 2,
      thumbnail: 'https://cdn/t.png',
      projectPage: 'https://p',
      why: 'matched: x (title)',
    });
  });
  it('falls back to the abstract and leaves absent fields out', () => {
    const card = toCard(paper({ summary: `${'Word '.repeat(40)}ends. Second sentence ${'x'.repeat(300)}.` }), 4);
    expect(card.blurb).toBe(`${'Word '.repeat(40)}ends.`);
    expect(card).not.toHaveProperty('github');
    expect(card).not.toHaveProperty('organization');
    expect(card).not.toHaveProperty('why');
  });
});
