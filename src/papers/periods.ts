import { PaperboyError } from '../errors.js';
import { addDays, isoWeekMonday, monthDays, parseDate } from './days.js';
import { collapseWhitespace } from '../text/whitespace.js';

/**
 * Input checks shared by every PaperSource, so a bad date gets the same friendly
 * answer whichever source is behind it. Each returns the calendar days the period
 * covers (first..last), or throws PaperboyError('bad_input') saying what would work.
 */

export interface Span {
  first: string;
  last: string;
}

export function checkDate(date: string): Span {
  if (!parseDate(date)) {
    throw new PaperboyError('bad_input', `"${date}" is not a date. Use YYYY-MM-DD, for example 2026-08-21.`);
  }
  return { first: date, last: date };
}

export function checkWeek(week: string): Span {
  const monday = isoWeekMonday(week);
  if (!monday) {
    throw new PaperboyError(
      'bad_input',
      `"${week}" is not an ISO week. Use YYYY-Www, for example 2026-W34 (weeks 01 to 52 or 53).`,
    );
  }
  return { first: monday, last: addDays(monday, 6) };
}

export function checkMonth(month: string): Span {
  const days = monthDays(month);
  if (!days) throw new PaperboyError('bad_input', `"${month}" is not a month. Use YYYY-MM, for example 2026-08.`);
  return { first: days[0]!, last: days.at(-1)! };
}

/** Collapsed search words; an empty query is bad input rather than "everything". */
export function checkQuery(query: string): string {
  const q = collapseWhitespace(query);
  if (!q)
    throw new PaperboyError('bad_input', 'Give some words to search for, for example: search diffusion transformers.');
  return q;
}
