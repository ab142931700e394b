/**
 * What Paperboy counts and times, in neutral terms. The core records through the
 * `Metrics` interface; the composition root plugs in the Prometheus implementation
 * (src/ops/prometheus.ts, prom-client) when the operations endpoint is on, and
 * everything else (tests, the terminal) gets `noopMetrics`.
 *
 * Every series is declared once in METRIC_CATALOGUE with its labels, so a call site
 * cannot invent a label, and every label value is drawn from a small fixed set
 * (command names, platforms, error codes — never user text), which keeps Prometheus'
 * series count bounded however many servers Paperboy serves.
 */
import type { Platform } from './caller.js';

const SECONDS_FAST = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SECONDS_UPSTREAM = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const METRIC_CATALOGUE = {
  commands: {
    kind: 'counter',
    name: 'paperboy_commands_total',
    help: 'Commands answered, by command, platform and outcome ("ok" or the error code)',
    labels: ['command', 'platform', 'outcome'],
  },
  commandSeconds: {
    kind: 'histogram',
    name: 'paperboy_command_duration_seconds',
    help: 'Time from a command reaching the bot to its reply being ready (before the platform sends it)',
    labels: ['command', 'platform'],
    buckets: SECONDS_FAST,
  },
  hfRequests: {
    kind: 'counter',
    name: 'paperboy_hf_requests_total',
    help: 'HTTP requests to the Hugging Face API (each retry and page counts), by endpoint and outcome',
    labels: ['endpoint', 'outcome'],
  },
  hfSeconds: {
    kind: 'histogram',
    name: 'paperboy_hf_request_duration_seconds',
    help: 'Duration of one HTTP request to the Hugging Face API',
    labels: ['endpoint'],
    buckets: SECONDS_UPSTREAM,
  },
  hfCache: {
    kind: 'counter',
    name: 'paperboy_hf_cache_lookups_total',
    help: 'Feed cache lookups: hit, miss (fetched), coalesced (joined a fetch in flight), stale (served during an outage), unavailable (outage, nothing cached)',
    labels: ['result'],
  },
  digestDeliveries: {
    kind: 'counter',
    name: 'paperboy_digest_deliveries_total',
    help: 'Digest deliveries finished, by platform and outcome (delivered, already_delivered, skipped, gone, failed)',
    labels: ['platform', 'outcome'],
  },
  digestPostFailures: {
    kind: 'counter',
    name: 'paperboy_digest_post_failures_total',
    help: 'Digest posts that failed, by platform and kind (gone, rate_limited, transient)',
    labels: ['platform', 'kind'],
  },
  digestRateLimited: {
    kind: 'counter',
    name: 'paperboy_digest_rate_limited_total',
    help: 'HTTP 429 answers met while posting digests, by platform',
    labels: ['platform'],
  },
  discordRateLimits: {
    kind: 'counter',
    name: 'paperboy_discord_rate_limit_waits_total',
    help: 'Times the Discord REST client waited for a rate limit, by scope (global, route)',
    labels: ['scope'],
  },
  storeSeconds: {
    kind: 'histogram',
    name: 'paperboy_store_operation_duration_seconds',
    help: 'Duration of one store operation, by operation and outcome (ok, error)',
    labels: ['operation', 'outcome'],
    buckets: SECONDS_FAST,
  },
} as const;

type Catalogue = typeof METRIC_CATALOGUE;
export type MetricKey = keyof Catalogue;
export type CounterKey = { [K in MetricKey]: Catalogue[K]['kind'] extends 'counter' ? K : never }[MetricKey];
export type HistogramKey = { [K in MetricKey]: Catalogue[K]['kind'] extends 'histogram' ? K : never }[MetricKey];
export type LabelsOf<K extends MetricKey> = Record<Catalogue[K]['labels'][number], string>;

export interface Metrics {
  inc<K extends CounterKey>(key: K, labels: LabelsOf<K>, by?: number): void;
  /** `value` in the metric's unit (seconds for every histogram here) */
  observe<K extends HistogramKey>(key: K, labels: LabelsOf<K>, value: number): void;
}

export const noopMetrics: Metrics = { inc() {}, observe() {} };

const secondsSince = (startedMs: number): number => (performance.now() - startedMs) / 1000;

// --- the calls Paperboy makes -------------------------------------------------------

/** bot.handle: one per command. `outcome` is "ok" or the reply's error code. */
export function recordCommand(
  m: Metrics,
  e: { command: string; platform: Platform; outcome: string; startedMs: number },
): void {
  m.inc('commands', { command: e.command, platform: e.platform, outcome: e.outcome });
  m.observe('commandSeconds', { command: e.command, platform: e.platform }, secondsSince(e.startedMs));
}

export type HfEndpoint = 'daily_papers' | 'papers_search' | 'paper';
export type HfOutcome = 'ok' | 'not_found' | 'error';

/** src/papers/hf-client.ts: one per HTTP request (each retry and page). */
export function recordHfRequest(m: Metrics, e: { endpoint: HfEndpoint; outcome: HfOutcome; startedMs: number }): void {
  m.inc('hfRequests', { endpoint: e.endpoint, outcome: e.outcome });
  m.observe('hfSeconds', { endpoint: e.endpoint }, secondsSince(e.startedMs));
}

export type CacheResult = 'hit' | 'miss' | 'coalesced' | 'stale' | 'unavailable';

/** src/papers/cached-source.ts: one per lookup. */
export function recordCacheLookup(m: Metrics, result: CacheResult): void {
  m.inc('hfCache', { result });
}

// --- hooks for the digest fan-out and the store (called by their owners) -------------

/** Digest fan-out: once per (target, list) it finished, with its DeliveryOutcome. */
export function recordDigestDelivery(m: Metrics, e: { platform: Platform; outcome: string }): void {
  m.inc('digestDeliveries', { platform: e.platform, outcome: e.outcome });
}

/** Digest fan-out: a post that failed, by DeliveryError kind; a 429 also counts as rate limited. */
export function recordDigestPostFailure(m: Metrics, e: { platform: Platform; kind: string }): void {
  m.inc('digestPostFailures', { platform: e.platform, kind: e.kind });
  if (e.kind === 'rate_limited') m.inc('digestRateLimited', { platform: e.platform });
}

/** Store: one per operation, `operation` a fixed name such as "subscriptions.add" or "deliveries.claim". */
export function recordStoreOperation(
  m: Metrics,
  e: { operation: string; outcome: 'ok' | 'error'; startedMs: number },
): void {
  m.observe('storeSeconds', { operation: e.operation, outcome: e.outcome }, secondsSince(e.startedMs));
}

/** Times `run` as one store operation (ok or error), passing its result or error through. */
export async function timeStoreOperation<T>(m: Metrics, operation: string, run: () => Promise<T>): Promise<T> {
  const startedMs = performance.now();
  try {
    const value = await run();
    recordStoreOperation(m, { operation, outcome: 'ok', startedMs });
    return value;
  } catch (err) {
    recordStoreOperation(m, { operation, outcome: 'error', startedMs });
    throw err;
  }
}
