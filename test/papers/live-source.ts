import { readFileSync } from 'node:fs';
import { MemoryLogger } from '../../src/logger.js';
import { CachedSource } from '../../src/papers/cached-source.js';
import { HfClient } from '../../src/papers/hf-client.js';
import type { PaperSource } from '../../src/papers/source.js';
import { indexFetchedPapers, PaperSearchIndex } from '../../src/search/index.js';
import { FakeHf, FIXTURE_DIR } from './fake-hf.js';

/**
 * The live path for platform tests: the real HTTP client and cache against the fake
 * Hugging Face (the bundled sample's days, the recorded trending list, the recorded
 * paper page of 2608.19880), wrapped like the composition root wraps it so the search
 * index fills with what is fetched. The clock sits on the sample's last day.
 */
export const LIVE_NOW = new Date('2026-08-21T12:00:00Z');
export const TRENDING_FIXTURE = JSON.parse(
  readFileSync(`${FIXTURE_DIR}daily_papers-trending-2026-08-21.json`, 'utf8'),
) as { paper: { id: string } }[];
export const PAPER_PAGE_FIXTURE = JSON.parse(readFileSync(`${FIXTURE_DIR}paper-2608.19880.json`, 'utf8')) as unknown;

export async function liveSource(): Promise<{
  hf: FakeHf;
  source: PaperSource;
  search: PaperSearchIndex;
  stop(): Promise<void>;
}> {
  const hf = await new FakeHf().start();
  hf.setTrending(TRENDING_FIXTURE);
  hf.setPaper('2608.19880', PAPER_PAGE_FIXTURE);
  const logger = new MemoryLogger();
  const now = () => LIVE_NOW.getTime();
  const api = new HfClient({ baseUrl: hf.url, logger, sleep: async () => {}, now });
  const search = new PaperSearchIndex();
  const source = indexFetchedPapers(new CachedSource({ api, logger, now }), search);
  return { hf, source, search, stop: () => hf.stop() };
}
