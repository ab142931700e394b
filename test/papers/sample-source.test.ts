import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { MemoryLogger, silentLogger } from '../../src/logger.js';
import { CachedSource, createPaperSource, SampleSource } from '../../src/papers/index.js';
import { FakeHf } from './fake-hf.js';

describe('SampleSource specifics', () => {
  it('bundles 22 days and calls the newest one today, whatever the clock says', () => {
    const s = new SampleSource();
    expect(s.dates).toHaveLength(22);
    expect(s.dates[0]).toBe('2026-07-23');
    expect(s.today(new Date('2030-01-01T00:00:00Z'))).toBe('2026-08-21');
  });

  it('finds its files from any working directory', async () => {
    const cwd = process.cwd();
    process.chdir(tmpdir());
    try {
      expect((await new SampleSource().day('2026-08-21')).value).toHaveLength(17);
    } finally {
      process.chdir(cwd);
    }
  });

  it('ranks search hits by upvotes and matches every word across title, abstract and keywords', async () => {
    const hits = (await new SampleSource().search('Reinforcement  LEARNING')).value;
    expect(hits.length).toBeGreaterThan(5);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.upvotes).toBeGreaterThanOrEqual(hits[i]!.upvotes);
    const all = hits.map((p) => `${p.title} ${p.summary} ${(p.aiKeywords ?? []).join(' ')}`.toLowerCase());
    expect(all.every((t) => t.includes('reinforcement') && t.includes('learning'))).toBe(true);
    expect(new Set(hits.map((p) => p.id)).size).toBe(hits.length);
  });

  it('skips and logs a bad item in a bundled file, keeping the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-sample-'));
    const good = {
      paper: {
        id: '2608.00001',
        title: 'Good',
        summary: 'Fine.',
        authors: [{ name: 'A' }],
        upvotes: 1,
        publishedAt: '2026-08-20T00:00:00.000Z',
      },
    };
    writeFileSync(join(dir, 'daily_papers-2026-08-20.json'), JSON.stringify([good, { paper: { title: 'no id' } }]));
    const logger = new MemoryLogger();
    const s = new SampleSource({ dir, logger });
    expect(s.today(new Date())).toBe('2026-08-20');
    expect((await s.day('2026-08-20')).value.map((p) => p.id)).toEqual(['2608.00001']);
    expect(logger.entries.filter((e) => e.level === 'warn')).toHaveLength(1);
  });
});

describe('createPaperSource', () => {
  it('picks the sample or live Hugging Face behind the cache', () => {
    expect(createPaperSource(loadConfig({ PAPERBOY_SOURCE: 'sample' }), silentLogger)).toBeInstanceOf(SampleSource);
    expect(createPaperSource(loadConfig({}), silentLogger)).toBeInstanceOf(CachedSource);
  });

  it('wires HF_API_URL and HF_TOKEN from the config into the live source', async () => {
    const hf = await new FakeHf().start();
    try {
      const source = createPaperSource(loadConfig({ HF_API_URL: `${hf.url}/`, HF_TOKEN: 'hf_from_env' }), silentLogger);
      expect((await source.day('2026-08-21')).value).toHaveLength(17);
      expect(hf.requests[0]!.headers.authorization).toBe('Bearer hf_from_env');
    } finally {
      await hf.stop();
    }
  });
});
