import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PaperboyError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { utcToday } from './days.js';
import { normalizeItems, stripVersion } from './normalize.js';
import type { Paper } from './paper.js';
import { checkDate, checkMonth, checkQuery, checkWeek, type Span } from './periods.js';
import { dedupeById, sortPapers } from './query.js';
import { parseItems } from './schemas.js';
import type { Fetched, ListOptions, PaperSource } from './source.js';
import { rich, code } from '../reply.js';

/**
 * PaperSource over the bundled offline snapshot (samples/hf/daily_papers-<date>.json,
 * recorded Hugging Face responses). Used with `--source sample` and in tests. Files
 * load lazily and stay parsed. "Today" is the newest bundled day (never later than the
 * clock's own date), so the sample reads like a live feed on that day; sample mode runs
 * on `sampleClock`, which puts "now" inside it.
 *
 * Trending: the bundled days were recorded in Hugging Face's default order, so a day,
 * week or month in trending order is refused with a message that it needs the live
 * feed. `trending()` serves a recorded trending list (`daily_papers-trending-<date>.json`,
 * the newest) when the directory has one; the bundled sample has none.
 */

/** Sample mode starts at this UTC time on the newest bundled day: its list still filling, the day before closed. */
export const SAMPLE_START_TIME = '12:00';

/**
 * Sample mode's one clock: it starts at SAMPLE_START_TIME UTC on `newestDay` (Fri 21 Aug
 * 2026 for the bundled sample) and runs on in real time, so `today` is that still-filling
 * day, `digest now` posts the closed day before it, and digest times and next runs are on
 * the same clock as the lists.
 */
export function sampleClock(newestDay: string, realNow: () => number = Date.now): () => Date {
  const offset = Date.parse(`${newestDay}T${SAMPLE_START_TIME}:00Z`) - realNow();
  return () => new Date(realNow() + offset);
}

/**
 * Resolved from this module, not the working directory, so any cwd works. The compiled
 * build runs this file from dist/src/papers/, one level deeper than src/papers/, with
 * samples/ still at the package root: the first of the two places that exists wins.
 */
export const DEFAULT_SAMPLE_DIR = ((): string => {
  const [fromSource, fromDist] = ['../../samples/hf/', '../../../samples/hf/'].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  ) as [string, string];
  return existsSync(fromSource) || !existsSync(fromDist) ? fromSource : fromDist;
})();
const FILE = /^daily_papers-(\d{4}-\d{2}-\d{2})\.json$/;
const TRENDING_FILE = /^daily_papers-trending-\d{4}-\d{2}-\d{2}\.json$/;

const TRENDING_NEEDS_LIVE_FEED = rich`The offline sample has no trending list: ${code('/papers trending')} needs the live Hugging Face feed. Run Paperboy without --source sample, or try ${code('/papers today')}.`;
const NEEDS_LIVE_FEED =
  'The offline sample has no trending order: trending needs the live Hugging Face feed. Run Paperboy without --source sample, or use sort=top or sort=new here.';

export interface SampleSourceOptions {
  dir?: string;
  logger?: Logger;
  now?: () => number;
}

export class SampleSource implements PaperSource {
  readonly #dir: string;
  readonly #logger: Logger;
  readonly #now: () => number;
  #dates: string[] | undefined;
  readonly #days = new Map<string, Promise<Fetched<Paper[]>>>();

  constructor(o: SampleSourceOptions = {}) {
    this.#dir = (o.dir ?? DEFAULT_SAMPLE_DIR).replace(/\/?$/, '/');
    this.#logger = o.logger ?? silentLogger;
    this.#now = o.now ?? Date.now;
  }

  /** Bundled dates, oldest first (read once; the directory listing is cheap and sync). */
  get dates(): readonly string[] {
    if (!this.#dates) {
      try {
        this.#dates = readdirSync(this.#dir)
          .map((f) => FILE.exec(f)?.[1])
          .filter((d): d is string => !!d)
          .sort();
      } catch (err) {
        throw new PaperboyError(
          'internal',
          `The offline sample is missing (${this.#dir}); reinstall Paperboy or use the live source.`,
          { cause: err },
        );
      }
    }
    return this.#dates;
  }

  today(now: Date): string {
    const newest = this.dates.at(-1);
    const clockDay = utcToday(now);
    return newest !== undefined && newest < clockDay ? newest : clockDay;
  }

  coverage(): { first: string; last: string } {
    const [first, last] = [this.dates[0], this.dates.at(-1)];
    if (first === undefined || last === undefined) {
      throw new PaperboyError('internal', `The offline sample in ${this.#dir} has no days; reinstall Paperboy.`);
    }
    return { first, last };
  }

  async day(date: string, options: ListOptions = {}): Promise<Fetched<Paper[]>> {
    return this.#span(checkDate(date), options);
  }

  async week(isoWeek: string, options: ListOptions = {}): Promise<Fetched<Paper[]>> {
    return this.#span(checkWeek(isoWeek), options);
  }

  async month(month: string, options: ListOptions = {}): Promise<Fetched<Paper[]>> {
    return this.#span(checkMonth(month), options);
  }

  /** The newest recorded trending list in the directory, in its recorded order. */
  async trending(): Promise<Fetched<Paper[]>> {
    let files: string[] = [];
    try {
      files = readdirSync(this.#dir).filter((f) => TRENDING_FILE.test(f));
    } catch {
      /* no directory: the same answer as no file */
    }
    const newest = files.sort().at(-1);
    if (!newest) throw new PaperboyError('bad_input', TRENDING_NEEDS_LIVE_FEED);
    const text = await readFile(`${this.#dir}${newest}`, 'utf8');
    const papers = normalizeItems(parseItems(JSON.parse(text), `sample ${newest}`, this.#logger));
    return { value: dedupeById(papers), fetchedAt: this.#now() };
  }

  /**
   * Every word must appear in the title, abstract or keywords; most upvoted first.
   * Hyphens separate words, as they do on Hugging Face ("vision-language" finds
   * "Vision Language Models" too).
   */
  async search(query: string): Promise<Fetched<Paper[]>> {
    const words = checkQuery(query)
      .toLowerCase()
      .split(/[\s-]+/)
      .filter(Boolean);
    const all = await this.#all();
    if (words.length === 0) return { value: [], fetchedAt: all.fetchedAt }; // only dashes
    const hits = all.value.filter((p) => {
      const text = `${p.title} ${p.summary} ${(p.aiKeywords ?? []).join(' ')}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
    return { value: sortPapers(hits, 'top'), fetchedAt: all.fetchedAt };
  }

  async paper(id: string): Promise<Fetched<Paper | undefined>> {
    const clean = stripVersion(id);
    const all = await this.#all();
    return { value: all.value.find((p) => p.id === clean), fetchedAt: all.fetchedAt };
  }

  /** Every bundled paper once, with its highest upvote count. */
  async #all(): Promise<Fetched<Paper[]>> {
    const loaded = await Promise.all(this.dates.map((d) => this.#load(d)));
    return {
      value: dedupeById(loaded.flatMap((l) => l.value)),
      fetchedAt: Math.min(this.#now(), ...loaded.map((l) => l.fetchedAt)),
    };
  }

  async #span(span: Span, options: ListOptions): Promise<Fetched<Paper[]>> {
    if (options.sort === 'trending') throw new PaperboyError('bad_input', NEEDS_LIVE_FEED);
    const dates = this.dates.filter((d) => d >= span.first && d <= span.last);
    const loaded = await Promise.all(dates.map((d) => this.#load(d)));
    return {
      value: loaded.flatMap((l) => l.value),
      fetchedAt: Math.min(this.#now(), ...loaded.map((l) => l.fetchedAt)),
    };
  }

  #load(date: string): Promise<Fetched<Paper[]>> {
    let pending = this.#days.get(date);
    if (!pending) {
      pending = readFile(`${this.#dir}daily_papers-${date}.json`, 'utf8').then((text) => ({
        value: normalizeItems(parseItems(JSON.parse(text), `sample ${date}`, this.#logger), date),
        fetchedAt: this.#now(),
      }));
      // A failed read is not cached, so a fixed file is picked up on the next call.
      pending.catch(() => this.#days.delete(date));
      this.#days.set(date, pending);
    }
    return pending;
  }
}
