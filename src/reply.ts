import type { ErrorCode } from './errors.js';

/**
 * The neutral answer to a command. Adapters render it within their platform's limits
 * (Discord embeds, Slack Block Kit, terminal text). All strings are plain text that
 * came from outside or from us: adapters must escape them for their markup. Where a
 * line, notice or error shows something to type or a link, it is `Text` built with
 * `rich`: the code and links are explicit pieces, never backticks or brackets in a
 * string (so text a person typed can never become code or a link).
 */

/** One piece of a line: plain words, inline code (something to type), or a link. */
export type Inline = string | { code: string } | { link: string; url: string };

/**
 * A line made of pieces; see `rich`. Where it is used as a string anyway (a log line,
 * a template, a join) it reads as its plain form, `plainText`.
 */
export class RichText {
  constructor(readonly rich: readonly Inline[]) {}
  toString(): string {
    return plainText(this);
  }
}

/** Plain text, or text with inline code and links. */
export type Text = string | RichText;

/** Inline code: a command or option to type, shown in the platform's code style. */
export const code = (text: string | number): Inline => ({ code: String(text) });

/** A link with its label; renderers keep only http(s) URLs (src/web-url.ts). */
export const link = (label: string, url: string): Inline => ({ link: label, url });

/**
 * A line from a template: rich`Try ${code('/papers today')}.` Strings and numbers
 * interpolated are plain text; `code(…)` and `link(…)` pieces keep their meaning, and
 * so do the pieces of an interpolated RichText.
 */
export function rich(strings: TemplateStringsArray, ...values: (string | number | Inline | RichText)[]): RichText {
  const parts: Inline[] = [];
  const add = (piece: Inline): void => {
    const last = parts.at(-1);
    if (typeof piece === 'string' && typeof last === 'string') parts[parts.length - 1] = last + piece;
    else if (piece !== '') parts.push(piece);
  };
  strings.forEach((s, i) => {
    add(s);
    if (i >= values.length) return;
    const v = values[i]!;
    if (typeof v === 'number') add(String(v));
    else if (typeof v === 'object' && 'rich' in v) v.rich.forEach(add);
    else add(v);
  });
  return new RichText(parts);
}

/** Texts joined by a plain separator, keeping their code and links. */
export function joinText(texts: readonly Text[], separator: string): Text {
  if (texts.every((t) => typeof t === 'string')) return texts.join(separator);
  const parts: Inline[] = [];
  texts.forEach((text, i) => {
    if (i > 0) parts.push(separator);
    parts.push(...(typeof text === 'string' ? [text] : text.rich));
  });
  return new RichText(parts);
}

/**
 * Text as one plain string, for logs, tests and plain-text fallbacks: code keeps the
 * conventional backticks (`/papers today`), a link shows its URL after the label.
 */
export function plainText(text: Text): string {
  if (typeof text === 'string') return text;
  return text.rich
    .map((p) => (typeof p === 'string' ? p : 'code' in p ? `\`${p.code}\`` : `${p.link} (${p.url})`))
    .join('');
}
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
  /** Paragraphs shown before the cards (help text, confirmations) */
  lines?: Text[];
  cards?: PaperCard[];
  /** Shown after the lines and cards (the paper page's linked models, datasets, Spaces) */
  linkGroups?: LinkGroup[];
  code?: CodeBlock;
  attachment?: ReplyAttachment;
  paging?: Paging;
  /** Short remarks, e.g. "Served from a cache 2 h old: Hugging Face is not answering." */
  notices?: Text[];
  /** `message` is the plain form (logs, tests); `text`, when given, is how to show it */
  error?: { code: ErrorCode; message: string; text?: RichText };
  /** private = only the caller sees it (ephemeral); public = the channel sees it */
  visibility: 'public' | 'private';
}

export const errorReply = (code: ErrorCode, message: Text, lines?: Text[]): Reply => ({
  title: code === 'internal' ? 'Something went wrong' : "That didn't work",
  error: { code, message: plainText(message), ...(typeof message === 'string' ? {} : { text: message }) },
  ...(lines ? { lines } : {}),
  visibility: 'private',
});
