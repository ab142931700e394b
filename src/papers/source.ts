import type { Paper } from './paper.js';

/**
 * A value from a paper source, with where it came from. `stale` is set when the
 * source could not refresh and served an older cached copy instead, so replies can
 * say "served from a cache 2 h old".
 */
export interface Fetched<T> {
  value: T;
  /** Epoch ms when the value was fetched from upstream */
  fetchedAt: number;
  stale?: { ageMs: number; reason: string };
}

/**
 * Where papers come from: the Hugging Face API (through the cache) or the bundled
 * offline sample. Dates are UTC calendar days `YYYY-MM-DD`; weeks are ISO weeks
 * `YYYY-Www`; months `YYYY-MM`. Lists are returned in upstream order; callers sort.
 */
/**
 * How a list comes from Hugging Face: `trending` is Hugging Face's own trending order
 * (`sort=trending`, not an upvote count); left out, the default (publishedAt) order.
 */
export interface ListOptions {
  sort?: 'trending';
}

export interface PaperSource {
  day(date: string, options?: ListOptions): Promise<Fetched<Paper[]>>;
  week(isoWeek: string, options?: ListOptions): Promise<Fetched<Paper[]>>;
  month(month: string, options?: ListOptions): Promise<Fetched<Paper[]>>;
  /**
   * What is trending on Hugging Face now, across recent days, in its order. Optional:
   * test doubles without a trending list leave it out, and commands say so.
   */
  trending?(): Promise<Fetched<Paper[]>>;
  search(query: string): Promise<Fetched<Paper[]>>;
  /** undefined when Hugging Face does not know the id */
  paper(id: string): Promise<Fetched<Paper | undefined>>;
  /**
   * The newest day this source can speak for, as "today" (UTC date for the live API,
   * the newest bundled day for the sample). `now` is injected for tests.
   */
  today(now: Date): string;
  /**
   * The Daily Papers days an offline source holds (the bundled sample), so replies can
   * say a day or paper is outside it rather than "Hugging Face has none". Absent for
   * the live API, which has every day.
   */
  coverage?(): { first: string; last: string };
}
