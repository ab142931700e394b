import { describe, expect, it } from 'vitest';
import {
  compileTopic,
  TopicIndex,
  TopicSyntaxError,
  type CompiledTopic,
  type IndexEntry,
  type MatchReason,
} from '../../src/topics/index.js';
import type { Paper } from '../../src/papers/paper.js';
import { paper, samplePapers } from './helpers.js';
import { randomTopics, sampleDays, vocabularyOf } from './random-topics.js';

type Hits = Map<string, readonly { paper: Paper; why: MatchReason[] }[]>;

/** The reference: every subscription against every paper, one by one. */
function oneByOne(entries: readonly IndexEntry[], papers: readonly Paper[]): Hits {
  const out: Hits = new Map();
  for (const e of entries) {
    for (const p of papers) {
      const m = e.topic.match(p);
      if (!m.matched) continue;
      out.set(e.id, [...(out.get(e.id) ?? []), { paper: p, why: m.why }]);
    }
  }
  return out;
}

const simplify = (
  hits: ReadonlyMap<string, readonly { paper: Paper; why: MatchReason[] }[]>,
): [string, [string, MatchReason[]][]][] =>
  [...hits].map(([id, list]) => [id, list.map((h) => [h.paper.id, h.why] as [string, MatchReason[]])]);

function compileAll(topics: readonly string[]): { entries: IndexEntry[]; rejected: number } {
  const entries: IndexEntry[] = [];
  let rejected = 0;
  topics.forEach((text, i) => {
    try {
      entries.push({ id: `s${i}`, topic: compileTopic(text) });
    } catch (e) {
      if (!(e instanceof TopicSyntaxError)) throw e;
      rejected++;
    }
  });
  return { entries, rejected };
}

describe('TopicIndex', () => {
  const days = sampleDays();
  const allPapers = [...days.values()].flat();
  const vocab = vocabularyOf(
    allPapers,
    samplePapers().map((s) => s.paper.title),
  );

  it('has real days to work with (samples/hf: ai_keywords, organisations)', () => {
    expect(days.size).toBeGreaterThanOrEqual(10);
    expect(vocab.keywords.length).toBeGreaterThan(500);
    expect(vocab.orgs.length).toBeGreaterThan(20);
  });

  it.each([1, 2, 3])('gives exactly the one-by-one results on random realistic topics (seed %i)', (seed) => {
    const { entries, rejected } = compileAll(randomTopics(vocab, 3000, seed));
    expect(rejected).toBeLessThan(30);
    const dates = [...days.keys()];
    const date = dates[(seed * 7) % dates.length]!;
    // one real day, plus the committed corpus sample so there are misses and near-misses
    const papers = [
      ...days.get(date)!,
      ...samplePapers()
        .slice(0, 20)
        .map((s) => s.paper),
    ];
    const index = new TopicIndex(entries);
    const got = index.match(papers);
    const want = oneByOne(entries, papers);
    expect(simplify(got)).toEqual(simplify(want));
    // the check means something: plenty of subscriptions match, and plenty do not
    expect(want.size).toBeGreaterThan(entries.length / 20);
    expect(want.size).toBeLessThan(entries.length);
  });

  it('matches subscribers of one topic text once, yet answers each of them, in entry order', () => {
    const topics = randomTopics(vocab, 300, 4);
    // many people follow the same few topics: each text recurs, interleaved with others
    const texts = Array.from({ length: 1500 }, (_, i) => topics[(i * 7919) % topics.length]!);
    const { entries } = compileAll(texts);
    const papers = [...days.values()][1]!;
    const got = new TopicIndex(entries).match(papers);
    const want = oneByOne(entries, papers);
    expect(simplify(got)).toEqual(simplify(want));
    expect(new Set(texts).size).toBeLessThan(entries.length / 4);
    // the result reads like a Map, whichever way it is read
    expect(got.size).toBe(want.size);
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const e of entries.slice(0, 50)) expect(got.has(e.id)).toBe(want.has(e.id));
    let visited = 0;
    got.forEach((hits, id) => {
      visited++;
      expect(hits).toBe(got.get(id));
    });
    expect(visited).toBe(want.size);
    // one subscription id listed twice gets both of its topics' hits
    const twice: IndexEntry[] = [
      { id: 'x', topic: compileTopic('agent') },
      { id: 'y', topic: compileTopic('agent') },
      { id: 'x', topic: compileTopic('llm') },
    ];
    expect(simplify(new TopicIndex(twice).match(papers))).toEqual(simplify(oneByOne(twice, papers)));
  });

  it('gives the same answer when the same papers are matched again (cached views)', () => {
    const { entries } = compileAll(randomTopics(vocab, 500, 9));
    const papers = [...days.values()][0]!;
    const index = new TopicIndex(entries);
    expect(simplify(index.match(papers))).toEqual(simplify(index.match(papers)));
  });

  it('indexes hyphen joins, fields, NOT and OR correctly', () => {
    const topics = [
      'pretraining',
      '"pre-training"',
      'author:"Ada Lovelace"',
      'org:meta agent',
      'llm -survey',
      'grokking OR "double descent"',
      'title:(agent OR llm)',
    ];
    const entries = topics.map((t, i) => ({ id: String(i), topic: compileTopic(t) }));
    const papers = [
      paper({
        id: 'p1',
        title: 'Pre-training LLM agents',
        authors: ['Ada Lovelace'],
        organization: { name: 'facebook', fullname: 'AI at Meta' },
      }),
      paper({ id: 'p2', title: 'A survey of LLM pretraining', summary: 'We revisit double descent.' }),
      paper({ id: 'p3', title: 'Nothing relevant', summary: 'agents in the abstract only' }),
    ];
    const got = new TopicIndex(entries).match(papers);
    expect(simplify(got)).toEqual(simplify(oneByOne(entries, papers)));
    expect([...got.keys()]).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(got.get('4')!.map((h) => h.paper.id)).toEqual(['p1']);
    expect(got.get('6')!.map((h) => h.paper.id)).toEqual(['p1', 'p2']);
  });

  it('still matches hand-built topics without a syntax tree, against every paper', () => {
    const handBuilt: CompiledTopic = {
      source: 'every paper',
      match: (p) => ({ matched: true, why: [{ term: p.id, field: 'title' }] }),
    };
    const entries: IndexEntry[] = [
      { id: 'real', topic: compileTopic('agents') },
      { id: 'hand', topic: handBuilt },
    ];
    const papers = [paper({ id: 'a', title: 'Agents' }), paper({ id: 'b', title: 'Other' })];
    const got = new TopicIndex(entries).match(papers);
    expect(simplify(got)).toEqual([
      ['real', [['a', [{ term: 'agents', field: 'title' }]]]],
      [
        'hand',
        [
          ['a', [{ term: 'a', field: 'title' }]],
          ['b', [{ term: 'b', field: 'title' }]],
        ],
      ],
    ]);
  });

  it('handles no subscriptions and no papers', () => {
    expect(new TopicIndex([]).match([paper({})]).size).toBe(0);
    expect(new TopicIndex([{ id: 'x', topic: compileTopic('llm') }]).match([]).size).toBe(0);
  });
});
