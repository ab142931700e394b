import type { ErrorCode } from './errors.js';

/**
 * The neutral answer to a command. Adapters render it within their platform's limits
 * (Discord embeds, Slack Block Kit, terminal text). All strings are plain text that
 * came from outside or from us: adapters must escape them for their markup.
 */
export interface PaperCard {
  /** 1-based position in the whole list (not the page); absent for a paper shown on its own */
  rank?: number;
  id: string;
  title: string;
  hfUrl: string;
  arxivUrl: string;
  upvotes: number;
  /** "A, B, C et al." */
  authors: string;
  organization?: string;
  github?: { url: string; stars?: number };
  projectPage?: string;
  /** AI summary, or the abstract's first sentences */
  blurb: string;
  thumbnail?: string;
  /** The Daily Papers list it appeared on, YYYY-MM-DD */
  day?: string;
  numComments?: number;
  /** Why a topic matched: "matched: generalization (title), OOD (keywords)" */
  why?: string;
}

export interface Paging {
  /** 1-based */
  page: number;
  pages: number;
  /** Number of papers across all pages */
  total: number;
  /**
   * The command text that produced this page, without `page=`; adapters page by
   * re-running it with `page=k` (Discord custom_id, Slack button value).
   */
  command: string;
}

/**
 * A file that comes with the reply (a long export): a real attachment on Discord, a file
 * upload on Slack, the text itself on the terminal's stdout.
 */
export interface ReplyAttachment {
  /** e.g. "paperboy-citations.bib"; adapters use it as the file name */
  filename: string;
  /** e.g. "application/x-bibtex; charset=utf-8" */
  contentType: string;
  text: string;
}

/** Preformatted text (a short export) shown as a code block, whitespace kept. */
export interface CodeBlock {
  text: string;
  /** A syntax-highlighting hint for platforms that have it, e.g. "bibtex" */
  language?: string;
}

/** A labelled group of links, e.g. "Models (254)" with the first few model pages. */
export interface LinkGroup {
  label: string;
  links: { text: string; url: string }[];
  /** How many more there are beyond `links` */
  more?: number;
}

export interface Reply {
  title: string;
  /** Plain-text paragraphs shown before the cards (help text, confirmations) */
  lines?: string[];
  cards?: PaperCard[];
  /** Shown after the lines and cards (the paper page's linked models, datasets, Spaces) */
  linkGroups?: LinkGroup[];
  code?: CodeBlock;
  attachment?: ReplyAttachment;
  paging?: Paging;
  /** Short remarks, e.g. "Served from a cache 2 h old: Hugging Face is not answering." */
  notices?: string[];
  error?: { code: ErrorCode; message: string };
  /** private = only the caller sees it (ephemeral); public = the channel sees it */
  visibility: 'public' | 'private';
}

export const errorReply = (code: ErrorCode, message: string, lines?: string[]): Reply => ({
  title: code === 'internal' ? 'Something went wrong' : "That didn't work",
  error: { code, message },
  ...(lines ? { lines } : {}),
  visibility: 'private',
});
