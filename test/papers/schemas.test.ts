import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/logger.js';
import { normalizeItems, stripVersion } from '../../src/papers/normalize.js';
import { parseItems, parsePaperBody, UpstreamShapeError } from '../../src/papers/schemas.js';

const fixtureDirs = ['../fixtures/hf/', '../../samples/hf/'].map((d) => fileURLToPath(new URL(d, import.meta.url)));
const files = fixtureDirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => /^daily_papers-\d{4}-\d{2}-\d{2}\.json$/.test(f))
    .map((f) => ({ dir, f })),
);
const load = (dir: string, f: string): unknown => JSON.parse(readFileSync(dir + f, 'utf8'));
const dayFile = (date: string) => {
  const hit = files.find((x) => x.f === `daily_papers-${date}.json`)!;
  return load(hit.dir, hit.f) as unknown[];
};
const papersOf = (date: string) => normalizeItems(parseItems(dayFile(date), 'daily_papers', new MemoryLogger()), date);

describe('every recorded response parses with nothing skipped', () => {
  it('covers 2024 to 2026 (28 files)', () => {
    expect(files.length).toBe(28);
    expect(files.some((x) => x.f.includes('2024-05-27'))).toBe(true);
  });
  it.each(files.map((x) => [x.f, x.dir] as const))('%s', (f, dir) => {
    const raw = load(dir, f) as unknown[];
    const logger = new MemoryLogger();
    const date = f.slice(13, 23);
    const papers = normalizeItems(parseItems(raw, 'daily_papers', logger), date);
    expect(logger.entries.filter((e) => e.level === 'warn')).toEqual([]);
    expect(papers).toHaveLength(raw.length);
    for (const p of papers) {
      expect(p.id).toMatch(/^\d{4}\.\d{4,5}$/);
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.title).not.toMatch(/\s{2}|\n/);
      expect(p.summary).not.toMatch(/\n/);
      expect(p.authors.length).toBeGreaterThan(0);
      expect(Number.isInteger(p.upvotes)).toBe(true);
      expect(Number.isNaN(Date.parse(p.publishedAt))).toBe(false);
      expect(p.day).toBe(date);
    }
  });
});

describe('normalisation keeps what each generation sent', () => {
  it('2026-08-21: the first item with every modern field', () => {
    const [p] = papersOf('2026-08-21');
    expect(p).toMatchObject({
      id: '2608.19880',
      title: 'EnvHarness: Awakening Static Worlds for Agent Learning',
      upvotes: 163,
      numComments: 1,
      githubRepo: 'https://github.com/google-research/envharness',
      githubStars: 8,
      projectPage: 'https://envharness.com/',
      organization: { name: 'google', fullname: 'Google' },
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2608.19880.png',
      publishedAt: '2026-08-20T00:00:00.000Z',
      day: '2026-08-21',
    });
    expect(p!.authors).toHaveLength(17);
    expect(p!.authors[0]).toBe('Chengsong Huang');
    expect(p!.aiKeywords).toContain('EnvRigger');
    expect(p!.aiSummary).toMatch(/^EnvHarness and EnvRigger/);
  });

  it('2024-10-25: old abstracts keep arXiv line wraps, which are collapsed', () => {
    const raw = dayFile('2024-10-25') as { paper: { summary: string; title: string } }[];
    expect(raw[0]!.paper.summary).toContain('\n');
    expect(raw[0]!.paper.title).toContain('\n  ');
    const [p] = papersOf('2024-10-25');
    expect(p!.id).toBe('2410.17243');
    expect(p!.title).toBe('Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss');
    expect(
      p!.summary.startsWith(
        'Contrastive loss is a powerful approach for representation learning, where larger batch sizes',
      ),
    ).toBe(true);
    expect(p!.upvotes).toBe(39);
    // Fields that did not exist yet stay absent rather than empty.
    expect(p).not.toHaveProperty('aiSummary');
    expect(p).not.toHaveProperty('githubRepo');
    expect(p).not.toHaveProperty('organization');
  });

  it('2024-10-25: a hidden author is still named', () => {
    const p = papersOf('2024-10-25').find((x) => x.id === '2410.17897')!;
    expect(p.authors).toEqual(['Zhanchao Zhou', 'Tianyi Wu', 'Zhiyun Jiang', 'Zhenzhong Lan']);
  });

  it('2024-05-27: the singular mediaUrl becomes the thumbnail', () => {
    const [p] = papersOf('2024-05-27');
    expect(p!.thumbnail).toBe('https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2405.15738.png');
    expect(p!.numComments).toBe(3);
    expect(p!.upvotes).toBe(32);
  });

  it('2025-03-17: keywords arrived before summaries', () => {
    const [p] = papersOf('2025-03-17');
    expect(p!.id).toBe('2503.07677');
    expect(p!.upvotes).toBe(46);
    expect(p!.aiKeywords).toContain('diffusion models');
    expect(p).not.toHaveProperty('aiSummary');
  });

  it('2025-10-03: organization taken from the paper or the item', () => {
    const withOrg = papersOf('2025-10-03').filter((p) => p.organization);
    expect(withOrg.length).toBeGreaterThan(0);
    for (const p of withOrg) expect(p.organization!.name.length).toBeGreaterThan(0);
  });

  it('without a list date, day comes from submittedOnDailyAt (week and month responses)', () => {
    const [p] = normalizeItems(parseItems(dayFile('2026-08-21'), 'daily_papers', new MemoryLogger()));
    expect(p!.day).toBe('2026-08-21');
  });
});

const item = (id: string, over: Record<string, unknown> = {}) => ({
  paper: {
    id,
    title: `Paper ${id}`,
    summary: 'An   abstract.\nWrapped.',
    authors: [{ name: 'A' }],
    upvotes: 3,
    publishedAt: '2026-08-20T00:00:00.000Z',
    ...over,
  },
  title: `Paper ${id}`,
  numComments: 0,
});

describe('ids and bad items', () => {
  it('strips arXiv versions', () => {
    expect(stripVersion('2410.17243v2')).toBe('2410.17243');
    expect(stripVersion('2410.17243')).toBe('2410.17243');
    expect(stripVersion('hep-th/9901001v3')).toBe('hep-th/9901001');
    const [p] = normalizeItems(parseItems([item('2608.00001v3')], 'daily_papers', new MemoryLogger()));
    expect(p!.id).toBe('2608.00001');
    expect(p!.summary).toBe('An abstract. Wrapped.');
  });

  it('skips one bad item among good ones and logs its index and id', () => {
    const logger = new MemoryLogger();
    const body = [item('2608.00001'), item('2608.00002', { upvotes: 'lots' }), { nonsense: true }, item('2608.00003')];
    const papers = normalizeItems(parseItems(body, 'daily_papers', logger));
    expect(papers.map((p) => p.id)).toEqual(['2608.00001', '2608.00003']);
    const warns = logger.entries.filter((e) => e.level === 'warn');
    expect(warns).toHaveLength(2);
    expect(warns[0]!.fields).toMatchObject({ index: 1, id: '2608.00002', endpoint: 'daily_papers' });
    expect(String(warns[0]!.fields!.problem)).toContain('upvotes');
    expect(warns[1]!.fields).toMatchObject({ index: 2 });
  });

  it('a malformed optional field costs the field, not the paper', () => {
    const [p] = normalizeItems(
      parseItems([item('2608.00004', { githubStars: 'many', organization: 42 })], 'x', new MemoryLogger()),
    );
    expect(p!.id).toBe('2608.00004');
    expect(p).not.toHaveProperty('githubStars');
    expect(p).not.toHaveProperty('organization');
  });

  it('a non-array body is an upstream fault', () => {
    expect(() => parseItems({ error: 'nope' }, 'daily_papers', new MemoryLogger())).toThrow(UpstreamShapeError);
    expect(() => parseItems(null, 'daily_papers', new MemoryLogger())).toThrow(/null, not a list/);
  });
});

describe('search and paper bodies', () => {
  const flat = {
    id: '2608.19880v1',
    title: 'EnvHarness:\n  Awakening',
    summary: 'Flat.',
    authors: [{ name: 'X', hidden: true }],
    upvotes: 7,
    publishedAt: '2026-08-20T00:00:00.000Z',
    ai_summary: 'AI.',
  };
  it('accepts flat and wrapped search results in one list', () => {
    const papers = normalizeItems(parseItems([flat, item('2608.00005')], 'search', new MemoryLogger(), 'either'));
    expect(papers.map((p) => [p.id, p.title, p.upvotes])).toEqual([
      ['2608.19880', 'EnvHarness: Awakening', 7],
      ['2608.00005', 'Paper 2608.00005', 3],
    ]);
    expect(papers[0]!.aiSummary).toBe('AI.');
    expect(papers[0]!.authors).toEqual(['X']);
  });
  it('daily lists do not accept flat objects', () => {
    const logger = new MemoryLogger();
    expect(parseItems([flat], 'daily_papers', logger)).toEqual([]);
    expect(logger.entries).toHaveLength(1);
  });
  it('parses a flat /api/papers/{id} body and rejects one without an id', () => {
    const [p] = normalizeItems([parsePaperBody(flat, 'papers/2608.19880')]);
    expect(p!.id).toBe('2608.19880');
    expect(() => parsePaperBody({ error: "Sorry, we can't find the page you are looking for." }, 'papers/x')).toThrow(
      UpstreamShapeError,
    );
  });
});
