/**
 * The normalised paper every part of Paperboy works with. Built from Hugging Face
 * responses by src/papers/normalize.ts: whitespace collapsed, arXiv id without version,
 * upvotes taken from `paper.upvotes`. Optional fields are present only when Hugging Face
 * sent them, so renderers must not assume them.
 */
export interface Organization {
  /** Hugging Face handle, e.g. "google" */
  name: string;
  /** Display name, e.g. "Google" */
  fullname?: string;
  avatar?: string;
}

/** A model, dataset or Space on the Hub that links to the paper. */
export interface LinkedRepo {
  /** Hub repo id, "org/name" (or a legacy single name) */
  id: string;
  likes?: number;
  downloads?: number;
}

/**
 * What the Hub links to the paper; only /api/papers/{id} sends it. Lists hold the
 * first few Hugging Face returned, totals the full counts.
 */
export interface PaperLinks {
  models: LinkedRepo[];
  datasets: LinkedRepo[];
  spaces: LinkedRepo[];
  totals: { models: number; datasets: number; spaces: number };
}

export interface Paper {
  /** Version-less arXiv id, e.g. "2608.19880" */
  id: string;
  title: string;
  /** Abstract, whitespace collapsed */
  summary: string;
  authors: string[];
  upvotes: number;
  /** arXiv publication time (ISO 8601) */
  publishedAt: string;
  /** The Daily Papers list this paper appeared on (YYYY-MM-DD, UTC), when known */
  day?: string;
  numComments?: number;
  aiSummary?: string;
  aiKeywords?: string[];
  githubRepo?: string;
  githubStars?: number;
  projectPage?: string;
  organization?: Organization;
  thumbnail?: string;
  /** Linked models, datasets and Spaces (paper page only) */
  links?: PaperLinks;
}

export const hfPaperUrl = (id: string): string => `https://huggingface.co/papers/${id}`;
export const arxivUrl = (id: string): string => `https://arxiv.org/abs/${id}`;
