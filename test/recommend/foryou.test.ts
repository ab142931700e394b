import { beforeAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { dedupeById } from '../../src/papers/query.js';
import { likeLine, MIN_SAVED, rankForYou } from '../../src/recommend/foryou.js';
import { TfIdfModel } from '../../src/search/similarity.js';

/** The "for you" order over the bundled sample's 30 days of real papers. */
let all: Paper[];
beforeAll(async () => {
  const s = new SampleSource();
  all = dedupeById((await Promise.all(s.dates.map((d) => s.day(d)))).flatMap((f) => f.value));
});
const about = (word: RegExp) => (p: Paper) => word.test(p.title);
const VIDEO = /\bvideo/i;
const AGENT = /\bagent/i;

describe('rankForYou', () => {
  it(`falls back to upvotes, saying why, with fewer than ${MIN_SAVED} distinct saved papers`, () => {
    const saved = all.filter(about(VIDEO)).slice(0, 2);
    const r = rankForYou({ saved: [...saved, saved[0]!], candidates: all.slice(0, 40) });
    expect(r.mode).toBe('upvotes');
    expect(r.mode === 'upvotes' && r.reason).toMatch(
      /needs at least 3 saved papers to go on \(there are 2\), so this is most upvoted first/,
    );
    const upvotes = r.items.map((i) => i.paper.upvotes);
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));
    expect(r.items.every((i) => i.like === undefined)).toBe(true);
  });

  it('puts papers on the saved topic first, each "like" a saved paper it shares terms with', () => {
    const videos = all.filter(about(VIDEO));
    const saved = videos.slice(0, 4);
    const candidates = all.filter((p) => !saved.includes(p));
    const r = rankForYou({ saved, candidates });
    expect(r.mode).toBe('similarity');
    const top10 = r.items.slice(0, 10);
    const onTopic = top10.filter((i) => VIDEO.test(`${i.paper.title} ${i.paper.summary}`)).length;
    // Against upvote order over the same candidates (about one paper in five mentions video).
    const byUpvotes = [...candidates].sort((a, b) => b.upvotes - a.upvotes).slice(0, 10);
    expect(onTopic).toBeGreaterThanOrEqual(5);
    expect(onTopic).toBeGreaterThan(byUpvotes.filter((p) => VIDEO.test(`${p.title} ${p.summary}`)).length);
    for (const i of top10) {
      expect(saved).toContain(i.like);
      expect(likeLine(i)).toBe(`like: ${i.like!.title}`);
    }
    const scores = r.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('keeps two interests: both topics come into the top', () => {
    const saved = [...all.filter(about(VIDEO)).slice(0, 3), ...all.filter(about(AGENT)).slice(0, 3)];
    const candidates = all.filter((p) => !saved.includes(p));
    const top = rankForYou({ saved, candidates }).items.slice(0, 12);
    const likes = new Set(top.map((i) => (VIDEO.test(i.like!.title) ? 'video' : 'agent')));
    expect(likes).toEqual(new Set(['video', 'agent']));
  });

  it('never calls a saved candidate "like" itself, and orders papers sharing nothing by upvotes last', () => {
    const saved = all.filter(about(VIDEO)).slice(0, 3);
    const stranger = (id: string, upvotes: number): Paper => ({
      id,
      title: 'Qzzv Wrrbl',
      summary: 'Xyqq plonk.',
      authors: [],
      upvotes,
      publishedAt: '',
    });
    const model = TfIdfModel.build(all);
    const r = rankForYou({
      saved,
      candidates: [stranger('9999.00001', 1), saved[0]!, stranger('9999.00002', 5)],
      model,
    });
    expect(r.items[0]!.paper).toBe(saved[0]);
    expect(r.items[0]!.like).not.toBe(saved[0]);
    expect(r.items.slice(1).map((i) => [i.paper.id, i.score, i.like])).toEqual([
      ['9999.00002', 0, undefined],
      ['9999.00001', 0, undefined],
    ]);
  });

  it('nearest-neighbour scoring (the alternative the bench compares) also finds the topic', () => {
    const saved = all.filter(about(VIDEO)).slice(0, 4);
    const candidates = all.filter((p) => !saved.includes(p));
    const r = rankForYou({ saved, candidates, method: 'nearest' });
    const onTopic = r.items.slice(0, 10).filter((i) => VIDEO.test(`${i.paper.title} ${i.paper.summary}`)).length;
    expect(onTopic).toBeGreaterThanOrEqual(5);
    for (const i of r.items.slice(0, 10)) expect(saved).toContain(i.like);
  });
});
