import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { CachedSource } from './cached-source.js';
import { HfClient } from './hf-client.js';
import { SampleSource } from './sample-source.js';
import type { PaperSource } from './source.js';

/**
 * The papers layer's front door: the composition root asks for a PaperSource and gets
 * the bundled sample (`PAPERBOY_SOURCE=sample`) or live Hugging Face behind the cache.
 */
export function createPaperSource(config: Config, logger: Logger): PaperSource {
  if (config.source === 'sample') return new SampleSource({ logger });
  const api = new HfClient({
    baseUrl: config.hf.apiUrl,
    token: config.hf.token,
    timeoutMs: config.hf.timeoutMs,
    logger,
  });
  return new CachedSource({ api, logger, openDayTtlMs: config.hf.openDayTtlMs });
}

export type { Organization, Paper } from './paper.js';
export { arxivUrl, hfPaperUrl } from './paper.js';
export type { Fetched, PaperSource } from './source.js';
export { CachedSource, type CachedSourceOptions } from './cached-source.js';
export { HfClient, type DailyPeriod, type HfClientOptions, type PapersApi } from './hf-client.js';
export { SampleSource, DEFAULT_SAMPLE_DIR, type SampleSourceOptions } from './sample-source.js';
export { toCard, BLURB_MAX_CHARS } from './cards.js';
export {
  dedupeById,
  firstSentences,
  formatAge,
  formatAuthors,
  paginate,
  sortPapers,
  type Page,
  type SortOrder,
} from './query.js';
export { checkDate, checkMonth, checkQuery, checkWeek } from './periods.js';
export { collapseWhitespace, stripVersion } from './normalize.js';
