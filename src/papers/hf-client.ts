import type { Secret } from '../config.js';
import { PaperboyError } from '../errors.js';
import type { Logger } from '../logger.js';
import { noopMetrics, recordHfRequest, type HfEndpoint, type Metrics } from '../metrics.js';
import { networkProblem } from '../net-errors.js';
import { normalizeItems, stripVersion } from './normalize.js';
import type { Paper } from './paper.js';
import { parseItems, parsePaperBody, UpstreamShapeError } from './schemas.js';
import type { ListOptions } from './source.js';
import { sleep as realSleep } from '../sleep.js';

/**
 * The Hugging Face Papers HTTP client, on Node's global fetch. Every call is bounded:
 * a per-request timeout, a few retries (exponential backoff with full jitter) on 5xx,
 * network errors and unreadable JSON, 429 Retry-After honoured, and a total deadline
 * after which the user hears "Hugging Face isn't answering" instead of waiting forever.
 * Clock, sleep and randomness are injected so tests never wait for real backoff.
 */

export type DailyPeriod = { date: string } | { week: string } | { month: string };

/** What the cache needs from the client; a narrow seam for tests and other upstreams. */
export interface PapersApi {
  daily(period: DailyPeriod, options?: ListOptions): Promise<Paper[]>;
  /** Hugging Face's trending list (no period), first page only; optional for test doubles */
  trending?(): Promise<Paper[]>;
  search(query: string): Promise<Paper[]>;
  /** undefined when Hugging Face answers 404 */
  paper(id: string): Promise<Paper | undefined>;
}

export interface HfClientOptions {
  /** e.g. https://huggingface.co (no trailing slash needed) */
  baseUrl: string;
  token?: Secret | undefined;
  logger: Logger;
  /** Per request, default 10 s */
  timeoutMs?: number;
  /** For one call including retries and pages, default 30 s */
  totalTimeoutMs?: number;
  /** Tries per request, default 4 */
  maxAttempts?: number;
  /** First backoff ceiling, default 500 ms; doubles per attempt up to maxDelayMs (8 s) */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** `limit` per page, at most 100 (the API's cap) */
  pageSize?: number;
  /** Safety stop for paging; 20 × 100 is far above any real month */
  maxPages?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Counts and times every HTTP request (retries and pages included) */
  metrics?: Metrics;
}

const NOT_FOUND = Symbol('not found');

/**
 * A failure worth another try (5xx, 429, network, timeout, unreadable body). `kind`
 * decides what the person is finally told: a server that never answered, one that
 * cannot be reached at all, or one that answered badly.
 */
class RetryableError extends Error {
  readonly kind: 'timeout' | 'unreachable' | 'answer';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown; kind?: 'timeout' | 'unreachable' | 'answer' },
  ) {
    super(message, options);
    this.name = 'RetryableError';
    this.kind = options?.kind ?? 'answer';
  }
}

/** "0.3 s", "9.2 s", "30 s" */
const seconds = (ms: number): string => (ms < 9_950 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 1000)} s`);
const tries = (n: number): string => (n === 1 ? '1 try' : `${n} tries`);

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

const unavailable = (detail: string, cause?: unknown): PaperboyError =>
  new PaperboyError(
    'upstream_unavailable',
    `Hugging Face isn't answering right now (${detail}). Try again in a minute or two.`,
    { cause },
  );

/**
 * The final word after the retries, saying truthfully how long was waited in all (not
 * just the last try) and, when the network itself failed, that Hugging Face could not
 * be reached at all.
 */
function gaveUp(last: RetryableError | undefined, attempts: number, waitedMs: number): PaperboyError {
  const spent = `${tries(attempts)} in ${seconds(waitedMs)}`;
  if (last?.kind === 'unreachable') {
    return new PaperboyError(
      'upstream_unavailable',
      `Hugging Face can't be reached (${last.message}; ${spent}). Try again once the network is back.`,
      { cause: last },
    );
  }
  if (last?.kind === 'timeout') return unavailable(`no answer in ${seconds(waitedMs)}, ${tries(attempts)}`, last);
  return unavailable(last ? `${last.message}; ${spent}` : `no answer in ${seconds(waitedMs)}`, last);
}

export class HfClient implements PapersApi {
  readonly #o: Required<Omit<HfClientOptions, 'token' | 'metrics'>> & { token?: Secret | undefined };
  readonly #metrics: Metrics;

  constructor(options: HfClientOptions) {
    this.#o = {
      timeoutMs: 10_000,
      totalTimeoutMs: 30_000,
      maxAttempts: 4,
      baseDelayMs: 500,
      maxDelayMs: 8_000,
      pageSize: 100,
      maxPages: 20,
      sleep: realSleep,
      random: Math.random,
      now: Date.now,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
    this.#o.pageSize = Math.min(100, Math.max(1, this.#o.pageSize));
    this.#metrics = options.metrics ?? noopMetrics;
  }

  /** A day, ISO week or month of Daily Papers, all pages, in upstream order (a day without repeats). */
  async daily(period: DailyPeriod, options: ListOptions = {}): Promise<Paper[]> {
    const deadline = this.#o.now() + this.#o.totalTimeoutMs;
    const [key, value] = Object.entries(period)[0] as [string, string];
    const seen = new Set<string>();
    const out: Paper[] = [];
    for (let page = 0; page < this.#o.maxPages; page++) {
      const params = {
        [key]: value,
        ...(options.sort ? { sort: options.sort } : {}),
        limit: String(this.#o.pageSize),
        p: String(page),
      };
      const body = await this.#getJson('/api/daily_papers', params, deadline, false);
      const items = readList(() => parseItems(body, 'daily_papers', this.#o.logger));
      // Items can shift between pages while the open day fills: keep the first copy.
      // Weeks and months legitimately list a paper once per day it appeared on, so
      // those repeats are left for callers (query.ts dedupeById).
      for (const p of normalizeItems(items, 'date' in period ? period.date : undefined)) {
        if ('date' in period && seen.has(p.id)) continue;
        seen.add(p.id);
        out.push(p);
      }
      // Count raw entries, not valid ones: a skipped bad item must not end paging early.
      if ((body as unknown[]).length < this.#o.pageSize) return out;
    }
    this.#o.logger.warn('Stopped paging Hugging Face daily papers at the page limit', {
      [key]: value,
      pages: this.#o.maxPages,
    });
    return out;
  }

  /**
   * Hugging Face's trending papers across recent days (`sort=trending` without a date),
   * one page of `pageSize` (100): the list has no natural end, so it is not paged.
   */
  async trending(): Promise<Paper[]> {
    const deadline = this.#o.now() + this.#o.totalTimeoutMs;
    const body = await this.#getJson(
      '/api/daily_papers',
      { sort: 'trending', limit: String(this.#o.pageSize) },
      deadline,
      false,
    );
    return dedupeFirst(normalizeItems(readList(() => parseItems(body, 'daily_papers', this.#o.logger))));
  }

  async search(query: string): Promise<Paper[]> {
    const deadline = this.#o.now() + this.#o.totalTimeoutMs;
    const body = await this.#getJson('/api/papers/search', { q: query }, deadline, false);
    return normalizeItems(readList(() => parseItems(body, 'papers/search', this.#o.logger, 'either')));
  }

  async paper(id: string): Promise<Paper | undefined> {
    const deadline = this.#o.now() + this.#o.totalTimeoutMs;
    const clean = stripVersion(id);
    const body = await this.#getJson(`/api/papers/${encodeURIComponent(clean)}`, {}, deadline, true);
    if (body === NOT_FOUND) return undefined;
    return normalizeItems([readList(() => parsePaperBody(body, 'papers/{id}'))])[0];
  }

  #headers(): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'paperboy/0.1' };
    // The only place the token is revealed; it is never logged.
    if (this.#o.token) headers.authorization = `Bearer ${this.#o.token.reveal()}`;
    return headers;
  }

  #backoff(attempt: number): number {
    const ceiling = Math.min(this.#o.maxDelayMs, this.#o.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.#o.random() * ceiling); // full jitter
  }

  async #getJson(path: string, params: Record<string, string>, deadline: number, allow404: boolean): Promise<unknown> {
    const query = new URLSearchParams(params).toString();
    const url = `${this.#o.baseUrl}${path}${query ? `?${query}` : ''}`;
    const what = `${path}${query ? `?${query}` : ''}`;
    let last: RetryableError | undefined;
    let attempts = 0;
    // What the person waited: each try as it really took, plus the backoff between them.
    let waitedMs = 0;
    for (let attempt = 1; attempt <= this.#o.maxAttempts; attempt++) {
      // Every try ends by the deadline, so the whole call (tries and waits) does too.
      const remaining = deadline - this.#o.now();
      if (remaining <= 0) break;
      attempts = attempt;
      const started = performance.now();
      try {
        return await this.#measured(path, () => this.#once(url, Math.min(this.#o.timeoutMs, remaining), allow404));
      } catch (err) {
        if (!(err instanceof RetryableError)) throw err;
        last = err;
      } finally {
        waitedMs += performance.now() - started;
      }
      if (attempt === this.#o.maxAttempts) break;
      const delay = last.retryAfterMs ?? this.#backoff(attempt);
      if (this.#o.now() + delay >= deadline) {
        this.#o.logger.warn('Giving up on Hugging Face: the next retry would pass the deadline', {
          request: what,
          attempt,
          delayMs: delay,
        });
        break;
      }
      this.#o.logger.warn('Hugging Face request failed; retrying', {
        request: what,
        attempt,
        delayMs: delay,
        error: last.message,
      });
      await this.#o.sleep(delay);
      waitedMs += delay;
    }
    const error = gaveUp(last, attempts, waitedMs);
    this.#o.logger.error('Hugging Face request failed', {
      request: what,
      attempts,
      waitedMs: Math.round(waitedMs),
      error: error.message,
    });
    throw error;
  }

  /** One HTTP request, counted by endpoint and outcome (for the operations metrics). */
  async #measured(path: string, request: () => Promise<unknown>): Promise<unknown> {
    const endpoint: HfEndpoint =
      path === '/api/daily_papers' ? 'daily_papers' : path === '/api/papers/search' ? 'papers_search' : 'paper';
    const startedMs = performance.now();
    try {
      const body = await request();
      recordHfRequest(this.#metrics, { endpoint, outcome: body === NOT_FOUND ? 'not_found' : 'ok', startedMs });
      return body;
    } catch (err) {
      recordHfRequest(this.#metrics, { endpoint, outcome: 'error', startedMs });
      throw err;
    }
  }

  async #once(url: string, timeoutMs: number, allow404: boolean): Promise<unknown> {
    let res: Response;
    let text: string;
    try {
      // The signal also covers reading the body, so a stalled stream times out too.
      res = await fetch(url, { headers: this.#headers(), signal: AbortSignal.timeout(timeoutMs) });
      text = await res.text();
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      if (timedOut)
        throw new RetryableError(`no answer within ${seconds(timeoutMs)}`, undefined, { cause: err, kind: 'timeout' });
      const problem = networkProblem(err, new URL(url).host);
      throw new RetryableError(problem.text, undefined, {
        cause: err,
        kind: problem.unreachable ? 'unreachable' : 'answer',
      });
    }
    if (res.status === 404 && allow404) return NOT_FOUND;
    if (res.status === 429) {
      throw new RetryableError(
        'rate limited (HTTP 429)',
        parseRetryAfter(res.headers.get('retry-after'), this.#o.now()),
      );
    }
    if (res.status >= 500) throw new RetryableError(`HTTP ${res.status}`);
    if (!res.ok) {
      if ((res.status === 401 || res.status === 403) && this.#o.token) {
        throw new PaperboyError(
          'upstream_unavailable',
          `Hugging Face rejected HF_TOKEN (HTTP ${res.status}). Check the token, or unset HF_TOKEN to read anonymously.`,
        );
      }
      throw unavailable(`it refused the request with HTTP ${res.status}`);
    }
    try {
      return JSON.parse(text);
    } catch (err) {
      // Usually a connection cut mid-body; worth another try like a 5xx.
      throw new RetryableError('its answer was cut off or not JSON', undefined, { cause: err });
    }
  }
}

/** The first copy of each id, in order (a paper trending on two days is listed once). */
const dedupeFirst = (papers: Paper[]): Paper[] => {
  const seen = new Set<string>();
  return papers.filter((p) => !seen.has(p.id) && Boolean(seen.add(p.id)));
};

/** A body that is not the list we asked for is an upstream fault, reported like one. */
function readList<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof UpstreamShapeError) throw unavailable('it sent something that is not a list of papers', err);
    throw err;
  }
}
