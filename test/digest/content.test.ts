import { describe, expect, it } from 'vitest';
import { digestCards, digestHeader, selectDigest } from '../../src/digest/content.js';
import type { CompiledTopic } from '../../src/topics/index.js';
import { makeList } from './helpers.js';

const FRI = '2026-08-21';
/** A hand-built compiled topic: matches titles containing a word, and says so. */
const titleTopic = (word: string): CompiledTopic => ({
  source: word,
  match: (p) =>
    p.title.toLowerCase().includes(word)
      ? { matched: true, why: [{ term: word, field: 'title' }] }
      : { matched: false, why: [] },
});

describe('selectDigest', () => {
  const papers = makeList(FRI, 12);

  it('keeps only papers matching any topic, each with why, then min_upvotes, then top N', () => {
    const s = selectDigest({
      listDate: FRI,
      papers,
      settings: { top: 2, minUpvotes: 5 },
      topics: [titleTopic('video'), titleTopic('nothing')],
      recentlySent: new Set(),
    });
    const matching = papers
      .filter((p) => p.title.includes('video') && p.upvotes >= 5)
      .sort((a, b) => b.upvotes - a.upvotes);
    expect(s.candidates).toBe(matching.length);
    expect(s.chosen.map((c) => c.paper.id)).toEqual(matching.slice(0, 2).map((p) => p.id));
    expect(s.chosen.every((c) => c.why === 'matched: video (title)')).toBe(true);
    const header = digestHeader(s, s.chosen.length);
    expect(header.title).toBe(
      `Daily Papers · Fri 21 Aug 2026 · ${matching.length} of 12 papers match your topics, top 2`,
    );
    expect(header.subtitle).toBe('Topics: video · nothing');
    expect(digestCards(s.chosen).map((c) => c.why)).toEqual(['matched: video (title)', 'matched: video (title)']);
  });

  it('says why a digest would be empty', () => {
    expect(
      selectDigest({
        listDate: '2026-08-22',
        papers: [],
        settings: { top: 5, minUpvotes: 0 },
        topics: [],
        recentlySent: new Set(),
      }).emptyReason,
    ).toBe('The Daily Papers list for Sat 22 Aug 2026 was empty.');
    expect(
      selectDigest({
        listDate: FRI,
        papers,
        settings: { top: 5, minUpvotes: 0 },
        topics: [titleTopic('zebra')],
        recentlySent: new Set(),
      }).emptyReason,
    ).toBe('No paper on the Fri 21 Aug 2026 list matched your topics with at least 0 upvotes.');
  });

  it('header for a whole short list has no "top"', () => {
    const s = selectDigest({
      listDate: FRI,
      papers: papers.slice(0, 3),
      settings: { top: 10, minUpvotes: 0 },
      topics: [],
      recentlySent: new Set(),
    });
    expect(digestHeader(s, s.chosen.length).title).toBe('Daily Papers · Fri 21 Aug 2026 · 3 papers');
  });
});
