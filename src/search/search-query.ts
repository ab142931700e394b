import type { Paper } from '../papers/paper.js';
import { compileTopic, type CompiledTopic } from '../topics/index.js';
import { collapseWhitespace } from '../text/whitespace.js';

/**
 * What a person typed into `/papers search`, split into plain words and "quoted
 * phrases". A phrase is a requirement, as in the topic language and most search boxes:
 * only papers that contain it, and every plain word beside it, are shown. Both are
 * matched exactly as a topic matches them (`preview "in-context learning"` and
 * `search "in-context learning"` agree): case, hyphens, spacing and word forms don't
 * matter; the order of a phrase's words does.
 */
export interface SearchQuery {
  /** Every word, quotes removed: what ranking and Hugging Face's search are asked */
  words: string;
  /** The quoted phrases, as typed between the quotes (whitespace tidied) */
  phrases: string[];
  /** True when the paper has every phrase and every plain word (always true without phrases) */
  matches(paper: Paper): boolean;
}

const QUOTE = /["“”„]/;

/** Splits on straight and curly quotes; an unclosed quote runs to the end of the text. */
function splitQuoted(text: string): { plain: string[]; phrases: string[] } {
  const plain: string[] = [];
  const phrases: string[] = [];
  text.split(QUOTE).forEach((part, i) => {
    const tidy = collapseWhitespace(part);
    if (!tidy) return;
    if (i % 2 === 1) phrases.push(tidy);
    else plain.push(...tidy.split(' '));
  });
  return { plain, phrases };
}

/** A topic phrase has no quotes inside; the quote characters split it already. */
const quoted = (text: string): string => `"${text}"`;

/**
 * One topic requiring every phrase and word (each plain word quoted on its own, so
 * OR, NOT, -x or title: in a search stay words). Without room for the words (topics
 * hold 200 characters and 20 terms), the phrases alone; undefined when even they do
 * not fit, and then the phrases rank as plain words.
 */
function requirement(plain: readonly string[], phrases: readonly string[]): CompiledTopic | undefined {
  if (phrases.length === 0) return undefined;
  for (const terms of [[...phrases, ...plain], phrases]) {
    try {
      return compileTopic(terms.map(quoted).join(' '));
    } catch {
      // Too many or too long terms for a topic: try with less.
    }
  }
  return undefined;
}

export function parseSearchQuery(text: string): SearchQuery {
  const { plain, phrases } = splitQuoted(text);
  const topic = requirement(plain, phrases);
  return {
    words: [...phrases, ...plain].join(' '),
    phrases: topic ? phrases : [],
    matches: (paper) => !topic || topic.match(paper).matched,
  };
}
