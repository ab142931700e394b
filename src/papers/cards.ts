import type { PaperCard } from '../reply.js';
import { arxivUrl, hfPaperUrl, type Paper } from './paper.js';
import { firstSentences, formatAuthors } from './query.js';

/** Blurb length for cards: about three lines in Discord and Slack. */
export const BLURB_MAX_CHARS = 300;

/**
 * The neutral card for one paper. `rank` is its 1-based place in the whole list (none
 * for a paper shown on its own);
 * `why` explains a topic match. Only fields Hugging Face sent are set, so adapters can
 * render exactly what is there.
 */
export function toCard(paper: Paper, rank: number | undefined, why?: string): PaperCard {
  const ai = paper.aiSummary?.replace(/\s+/g, ' ').trim();
  const card: PaperCard = {
    ...(rank !== undefined ? { rank } : {}),
    id: paper.id,
    title: paper.title,
    hfUrl: hfPaperUrl(paper.id),
    arxivUrl: arxivUrl(paper.id),
    upvotes: paper.upvotes,
    authors: formatAuthors(paper.authors),
    blurb: ai ? firstSentences(ai, BLURB_MAX_CHARS) : firstSentences(paper.summary, BLURB_MAX_CHARS),
  };
  const org = paper.organization?.fullname || paper.organization?.name;
  if (org) card.organization = org.replace(/\s+/g, ' ').trim();
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
