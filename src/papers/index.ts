import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { noopMetrics, type Metrics } from '../metrics.js';
import { CachedSource, type UpstreamHealth } from './cached-source.js';
import { HfClient } from './hf-client.js';
import { sampleClock, SampleSource } from './sample-source.js';
import type { PaperSource } from './source.js';

/**
 * The papers layer's front door: the composition root asks for a PaperSource and gets
 * the bundled sample (`PAPERBOY_SOURCE=sample`) or live Hugging Face behind the cache.
 */
export function createPaperSource(
  config: Config,
  logger: Logger,
  now: () => Date = () => new Date(),
  metrics: Metrics = noopMetrics,
): PaperSource {
  return createPapers(config, logger, metrics, now).source;
}

/** The source, and how its upstream is doing (for /readyz); the sample is always fine. */
export function createPapers(
  config: Config,
  logger: Logger,
  metrics: Metrics = noopMetrics,
  now: () => Date = () => new Date(),
): { source: PaperSource; health: () => UpstreamHealth | undefined } {
  if (config.source === 'sample') {
    return { source: new SampleSource({ logger, now: () => now().getTime() }), health: () => undefined };
  }
  const api = new HfClient({
    baseUrl: config.hf.apiUrl,
    token: config.hf.token,
    timeoutMs: config.hf.timeoutMs,
    logger,
    metrics,
  });
  const source = new CachedSource({ api, logger, openDayTtlMs: config.hf.openDayTtlMs, metrics });
  return { source, health: () => source.health() };
}

/**
 * The clock Paperboy runs on: the real one, or in sample mode the sample's own
 * (sampleClock), so every command, digest and schedule agrees on one "now".
 */
export function clockFor(config: Config): () => Date {
  if (config.source !== 'sample') return () => new Date();
  const newest = new SampleSource().dates.at(-1);
  return newest ? sampleClock(newest) : () => new Date();
}

export type { Organization, Paper } from './paper.js';
export { arxivUrl, hfPaperUrl } from './paper.js';
export type { Fetched, PaperSource } from './source.js';
export { CachedSource, type CachedSourceOptions, type UpstreamHealth } from './cached-source.js';
export { HfClient, type DailyPeriod, type HfClientOptions, type PapersApi } from './hf-client.js';
export {
  SampleSource,
  DEFAULT_SAMPLE_DIR,
  SAMPLE_START_TIME,
  sampleClock,
  type SampleSourceOptions,
} from './sample-source.js';
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
