import { isPaperboyError, PaperboyError } from '../errors.js';
import type { Logger } from '../logger.js';
import { noopMetrics, recordCacheLookup, type Metrics } from '../metrics.js';
import { isClosed, utcToday } from './days.js';
import type { PapersApi } from './hf-client.js';
import { stripVersion } from './normalize.js';
import type { Paper } from './paper.js';
import { checkDate, checkMonth, checkQuery, checkWeek, type Span } from './periods.js';
import type { Fetched, ListOptions, PaperSource } from './source.js';

/**
 * PaperSource over the Hugging Face client, with the cache that keeps us inside the
 * anonymous budget (500 requests / 5 min / IP):
 * - a list that has closed (days.ts isClosed) never changes, so it is kept until the
 *   LRU bound pushes it out; anything still open (today, its week and month, searches,
 *   single papers) is refetched after `openDayTtlMs`;
 * - concurrent requests for one key share one upstream fetch;
 * - when Hugging Face fails and any copy is cached, that copy is served, marked stale;
 * - after an outage (the client already retried for up to its deadline) nothing is
 *   asked upstream for `outageCooldownMs`: cached copies are served stale and the rest
 *   fail fast, so a burst of commands during an outage costs no requests at all.
 * - trending lists have a key of their own (`day:2026-08-21:trending`) and always
 *   expire after `openDayTtlMs`, even for closed days: Hugging Face's trending order
 *   keeps moving after a list closes.
 */

export interface CachedSourceOptions {
  api: PapersApi;
  logger: Logger;
  /** How long an open list, a search or a paper stays fresh; default 10 min */
  openDayTtlMs?: number;
  /** LRU bound on cached keys; default 400 (over a year of days plus weeks and months) */
  maxEntries?: number;
  /** After Hugging Face was found unavailable, how long to stop asking it; default 30 s */
  outageCooldownMs?: number;
  now?: () => number;
  metrics?: Metrics;
}

/** How Hugging Face looks from here, for /readyz: its last answer, and what the cache can serve. */
export interface UpstreamHealth {
  /** `unavailable` when the last fetch ended in an outage (after the client's retries) */
  state: 'ok' | 'unavailable';
  /** Why, and since when (epoch ms), while unavailable */
  reason?: string;
  since?: number;
  /** Lists, searches and papers the cache holds (served, marked stale, during an outage) */
  cached: number;
}

interface Entry {
  value: unknown;
  fetchedAt: number;
  final: boolean;
}

export class CachedSource implements PaperSource {
  readonly #api: PapersApi;
  readonly #logger: Logger;
  readonly #ttl: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<Fetched<unknown>>>();
  readonly #cooldown: number;
  /** The last outage, and until when it stands in for Hugging Face's answer */
  #outage: { error: PaperboyError; until: number; at: number } | undefined;
  /** The outage is over once a fetch succeeds again, not when the cooldown ends */
  #unavailableSince: number | undefined;
  readonly #metrics: Metrics;

  constructor(o: CachedSourceOptions) {
    this.#api = o.api;
    this.#logger = o.logger;
    this.#ttl = o.openDayTtlMs ?? 600_000;
    this.#max = Math.max(1, o.maxEntries ?? 400);
    this.#now = o.now ?? Date.now;
    this.#cooldown = o.outageCooldownMs ?? 30_000;
    this.#metrics = o.metrics ?? noopMetrics;
  }

  health(): UpstreamHealth {
    if (this.#unavailableSince === undefined) return { state: 'ok', cached: this.#entries.size };
    return {
      state: 'unavailable',
      reason: this.#outage?.error.message,
      since: this.#unavailableSince,
      cached: this.#entries.size,
    };
  }

  /** The list still filling on Hugging Face: the UTC date. */
  today(now: Date): string {
    return utcToday(now);
  }

  async day(date: string, options: ListOptions = {}): Promise<Fetched<Paper[]>> {
    return this.#list(checkDate(date), `day:${date}`, options, () => this.#api.daily({ date }, options));
  }

  async week(isoWeek: string, options: ListOptions = {}): Promise<Fetched<Paper[]>> {
    return this.#list(checkWeek(isoWeek), `week:${isoWeek}`, options, () =>
      this.#api.daily({ week: isoWeek }, options),
    );
  }

  async month(month: string, options: ListOptions = {}): Promise<Fetched<Paper[]>> {
    return this.#list(checkMonth(month), `month:${month}`, options, () => this.#api.daily({ month }, options));
  }

  async trending(): Promise<Fetched<Paper[]>> {
    const api = this.#api;
    if (!api.trending) throw new PaperboyError('bad_input', 'This source has no trending list.');
    return this.#get('trending', false, () => api.trending!());
  }

  async search(query: string): Promise<Fetched<Paper[]>> {
    const q = checkQuery(query);
    return this.#get(`search:${q.toLowerCase()}`, false, () => this.#api.search(q));
  }

  async paper(id: string): Promise<Fetched<Paper | undefined>> {
    const clean = stripVersion(id);
    return this.#get(`paper:${clean}`, false, () => this.#api.paper(clean));
  }

  /** Number of cached keys (for tests and diagnostics). */
  get size(): number {
    return this.#entries.size;
  }

  async #list(span: Span, key: string, options: ListOptions, fetch: () => Promise<Paper[]>): Promise<Fetched<Paper[]>> {
    const now = this.#now();
    // A list that has not started yet is empty; no reason to spend a request on it.
    if (span.first > utcToday(new Date(now))) return { value: [], fetchedAt: now };
    if (options.sort === 'trending') return this.#get(`${key}:trending`, false, fetch);
    return this.#get(key, isClosed(span.last, new Date(now)), fetch);
  }

  /** `final`: the value cannot change any more, so it never expires. */
  #get<T>(key: string, final: boolean, fetch: () => Promise<T>): Promise<Fetched<T>> {
    const entry = this.#entries.get(key);
    if (entry && (entry.final || this.#now() - entry.fetchedAt < this.#ttl)) {
      this.#entries.delete(key); // refresh LRU position
      this.#entries.set(key, entry);
      recordCacheLookup(this.#metrics, 'hit');
      return Promise.resolve({ value: entry.value as T, fetchedAt: entry.fetchedAt });
    }
    const pending = this.#inflight.get(key);
    if (pending) {
      recordCacheLookup(this.#metrics, 'coalesced');
      return pending as Promise<Fetched<T>>;
    }
    const outage = this.#outage;
    if (outage && this.#now() < outage.until) {
      // Hugging Face just failed after its retries; don't spend the budget asking again.
      recordCacheLookup(this.#metrics, entry ? 'stale' : 'unavailable');
      return entry
        ? Promise.resolve(this.#stale<T>(key, entry, outage.error))
        : Promise.reject(this.#stillDown(outage));
    }
    recordCacheLookup(this.#metrics, 'miss');
    const started = this.#refresh(key, final, fetch).finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, started);
    return started;
  }

  async #refresh<T>(key: string, final: boolean, fetch: () => Promise<T>): Promise<Fetched<T>> {
    try {
      const value = await fetch();
      const fetchedAt = this.#now();
      this.#unavailableSince = undefined;
      this.#store(key, { value, fetchedAt, final });
      return { value, fetchedAt };
    } catch (err) {
      // Only an upstream outage is papered over; a bug should surface, not hide behind old data.
      if (!isPaperboyError(err) || err.code !== 'upstream_unavailable') throw err;
      this.#outage = { error: err, until: this.#now() + this.#cooldown, at: this.#now() };
      this.#unavailableSince ??= this.#now();
      const old = this.#entries.get(key);
      if (!old) throw err;
      return this.#stale<T>(key, old, err);
    }
  }

  /**
   * The outage answer for a request that did not itself wait: the earlier failure's
   * "no answer in 30 s" would not be true of it, so say when it failed and when
   * Paperboy asks again.
   */
  #stillDown(outage: { error: PaperboyError; until: number; at: number }): PaperboyError {
    const head = outage.error.message.split(' (')[0] ?? outage.error.message;
    const ago = Math.max(1, Math.round((this.#now() - outage.at) / 1000));
    const left = Math.max(1, Math.round((outage.until - this.#now()) / 1000));
    return new PaperboyError(
      'upstream_unavailable',
      `${head} (it failed ${ago} s ago; Paperboy asks again in ${left} s). Try again in a minute or two.`,
      { cause: outage.error },
    );
  }

  #stale<T>(key: string, old: Entry, err: PaperboyError): Fetched<T> {
    const ageMs = this.#now() - old.fetchedAt;
    this.#logger.warn('Serving a cached copy: Hugging Face is not answering', { key, ageMs, error: err.message });
    return { value: old.value as T, fetchedAt: old.fetchedAt, stale: { ageMs, reason: err.message } };
  }

  #store(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}
