import { describe, expect, it } from 'vitest';
import { matchPapers } from '../../src/digest/content.js';
import type { Paper } from '../../src/papers/paper.js';
import { compileTopic, formatWhy, type CompiledTopic, type MatchReason } from '../../src/topics/index.js';
import { randomTopics, sampleDays, vocabularyOf } from '../topics/random-topics.js';

/** What digests did before they went through TopicIndex: every topic against every paper. */
function oneByOne(papers: readonly Paper[], topics: readonly CompiledTopic[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const paper of papers) {
    const reasons: MatchReason[] = [];
    let matched = false;
    for (const t of topics) {
      const m = t.match(paper);
      if (!m.matched) continue;
      matched = true;
      for (const r of m.why) if (!reasons.some((x) => x.term === r.term && x.field === r.field)) reasons.push(r);
    }
    if (matched) out.set(paper.id, reasons.length ? formatWhy(reasons) : 'matched your topics');
  }
  return out;
}

describe("the digest's topic matching runs through TopicIndex", () => {
  it('gives the same papers and the same "matched: …" lines as one-by-one matching, on real days', () => {
    const days = [...sampleDays().values()];
    const vocab = vocabularyOf(days.flat());
    let compared = 0;
    days.slice(0, 12).forEach((papers, d) => {
      const topics = randomTopics(vocab, 25, 1000 + d).flatMap((text) => {
        try {
          return [compileTopic(text)];
        } catch {
          return [];
        }
      });
      for (const size of [1, 3, topics.length]) {
        const chosen = topics.slice(0, size);
        const viaIndex = new Map([...matchPapers(papers, chosen)].map(([p, why]) => [p.id, why]));
        expect(viaIndex).toEqual(oneByOne(papers, chosen));
        compared += viaIndex.size;
      }
    });
    // The comparison must have had matches to compare.
    expect(compared).toBeGreaterThan(50);
  });
});
