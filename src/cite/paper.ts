import type { Paper } from '../papers/paper.js';

/** What a citation needs from a paper; `primaryClass` (arXiv category) only when known. */
export type CitablePaper = Pick<Paper, 'id' | 'title' | 'authors' | 'publishedAt'> &
  Partial<Pick<Paper, 'summary' | 'aiKeywords'>> & { primaryClass?: string };
