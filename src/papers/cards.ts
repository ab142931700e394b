import type { PaperCard } from '../reply.js';
import { arxivUrl, hfPaperUrl, type Paper } from './paper.js';
import { firstSentences, formatAuthors } from './query.js';
import { collapseWhitespace } from '../text/whitespace.js';

/** Blurb length for cards: about three lines in Discord and Slack. */
export const BLURB_MAX_CHARS = 300;

/**
 * The neutral card for one paper. `rank` is its 1-based place in the whole list (none
 * for a paper shown on its own);
 * `why` explains a topic match. Only fields Hugging Face sent are set, so adapters can
 * render exactly what is there.
 */
/**
 * The texts a card derives from a paper (sentence cutting, author lists): a day's papers
 * are the same objects from the cache for every `/papers today`, and deriving these was
 * most of a command's own CPU. Kept per paper object, and only while the texts they come
 * from are the very same strings.
 */
interface Derived {
  summary: string;
  aiSummary: string | undefined;
  authorList: readonly string[];
  blurb: string;
  authors: string;
}
const derivedTexts = new WeakMap<Paper, Derived>();

function derived(paper: Paper): Derived {
  const known = derivedTexts.get(paper);
  if (
    known &&
    known.summary === paper.summary &&
    known.aiSummary === paper.aiSummary &&
    known.authorList === paper.authors
  )
    return known;
  const ai = paper.aiSummary === undefined ? undefined : collapseWhitespace(paper.aiSummary);
  const fresh: Derived = {
    summary: paper.summary,
    aiSummary: paper.aiSummary,
    authorList: paper.authors,
    blurb: ai ? firstSentences(ai, BLURB_MAX_CHARS) : firstSentences(paper.summary, BLURB_MAX_CHARS),
    authors: formatAuthors(paper.authors),
  };
  derivedTexts.set(paper, fresh);
  return fresh;
}

export function toCard(paper: Paper, rank: number | undefined, why?: string): PaperCard {
  const texts = derived(paper);
  const card: PaperCard = {
    ...(rank !== undefined ? { rank } : {}),
    id: paper.id,
    title: paper.title,
    hfUrl: hfPaperUrl(paper.id),
    arxivUrl: arxivUrl(paper.id),
    upvotes: paper.upvotes,
    authors: texts.authors,
    blurb: texts.blurb,
  };
  const org = paper.organization?.fullname || paper.organization?.name;
  if (org) card.organization = collapseWhitespace(org);
  if (paper.githubRepo) {
    card.github =
      paper.githubStars !== undefined ? { url: paper.githubRepo, stars: paper.githubStars } : { url: paper.githubRepo };
  }
  if (paper.projectPage) card.projectPage = paper.projectPage;
  if (paper.thumbnail) card.thumbnail = paper.thumbnail;
  if (paper.day) card.day = paper.day;
  if (paper.numComments !== undefined) card.numComments = paper.numComments;
  if (why) card.why = why;
  return card;
}
