import { PaperboyError } from './errors.js';
import { displayDate } from './papers/days.js';
import type { PaperSource } from './papers/source.js';
import { rich, code } from './reply.js';

/**
 * What to say when a request reaches past what an offline source holds (the bundled
 * sample): "the offline sample covers …", never "Hugging Face has no papers", which
 * would be untrue. The live API has no coverage limit, so all of this is then silent.
 */
const LIVE_HINT = rich`run Paperboy on live data (without ${code('--source sample')})`;

export const coverageLine = (c: { first: string; last: string }): string =>
  `The offline sample covers ${c.first} … ${c.last}`;

/**
 * For a request spanning `first`…`last`: throws `not_found` when none of it is in the
 * source, and returns a notice when only its start is (the sample's clock ends at its
 * newest day, so nothing after it is ever asked for).
 */
export function checkCoverage(papers: PaperSource, what: string, first: string, last: string): string[] {
  const c = papers.coverage?.();
  if (!c) return [];
  if (last < c.first || first > c.last) {
    throw new PaperboyError(
      'not_found',
      rich`${coverageLine(c)} (${displayDate(c.first)} – ${displayDate(c.last)}), so it has nothing for ${what}. Try a day in it, e.g. ${code(`/papers date ${c.last}`)}, or ${LIVE_HINT}.`,
    );
  }
  return first < c.first ? [`${coverageLine(c)}; the days of ${what} before ${c.first} are not in it.`] : [];
}

/** The not-found message for a paper id, naming the sample's span when that is why. */
export function paperNotFound(papers: PaperSource, id: string): PaperboyError {
  const c = papers.coverage?.();
  return new PaperboyError(
    'not_found',
    c
      ? rich`Paper ${id} is not in the offline sample. ${coverageLine(c)}: the papers of those Daily Papers lists. Find one with ${code('/papers search <words>')}, or ${LIVE_HINT} to look ${id} up on Hugging Face.`
      : rich`Hugging Face doesn't know paper ${id}. Check the id, or search with ${code('/papers search <words>')}.`,
  );
}

/** Appended to "nothing matches" for a search over the sample. */
export function searchScope(papers: PaperSource): string {
  const c = papers.coverage?.();
  return c ? ` ${coverageLine(c)}; ${LIVE_HINT} to search all of Hugging Face.` : '';
}
