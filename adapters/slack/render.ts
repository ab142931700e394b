import type { types } from '@slack/bolt';
import type { DigestHeader } from '../../src/digest/sink.js';
import { count } from '../../src/count.js';
import type { CodeBlock, LinkGroup, PaperCard, Paging, Reply } from '../../src/reply.js';
import { escapeSlack, link, safeData, safeText, safeUrl, slackText, truncateEscaped, truncatePlain } from './escape.js';
import { encodePageState, PAGE_ACTION_PREFIX, type PageState } from './paging.js';
import { saveBlocks, type SaveSeal } from './save-button.js';

/**
 * Reply → Block Kit, within Slack's limits (which Slack enforces by rejecting the whole
 * message with `invalid_blocks`, so we must never exceed them).
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  altText: 2000,
  /** The top-level `text`; Slack truncates past 40k, notifications show far less. */
  fallbackText: 3000,
  /** A response_url accepts five messages; more would be lost silently. */
  messagesPerResponse: 5,
} as const;

export type Block = types.KnownBlock;
export interface SlackMessage {
  /** The fallback shown in notifications and by clients that cannot draw blocks */
  text: string;
  blocks: Block[];
}

// verbatim: Slack must not auto-link names or parse mentions in text we did not write.
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text, verbatim: true });
const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

export function headerBlock(title: string): Block {
  return { type: 'header', text: plain(truncateEscaped(escapeSlack(title), SLACK_LIMITS.headerText)) };
}

/** One or more sections holding `text` (already escaped), split on line breaks at the section limit. */
function sections(text: string): Block[] {
  const out: Block[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const piece = truncateEscaped(line, SLACK_LIMITS.sectionText);
    if (current && current.length + 1 + piece.length > SLACK_LIMITS.sectionText) {
      out.push({ type: 'section', text: mrkdwn(current) });
      current = '';
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current.trim()) out.push({ type: 'section', text: mrkdwn(current) });
  return out;
}

function contextBlocks(items: string[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < items.length; i += SLACK_LIMITS.contextElements) {
    const elements = items
      .slice(i, i + SLACK_LIMITS.contextElements)
      .map((t) => mrkdwn(truncateEscaped(t, SLACK_LIMITS.sectionText)));
    out.push({ type: 'context', elements });
  }
  return out;
}

const compact = (n: number): string =>
  n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k` : String(n);

/** "3. " before a card's title in a list; nothing for a paper shown on its own. */
const ranked = (card: PaperCard): string => (card.rank !== undefined ? `${card.rank}. ` : '');

/** A paper as two blocks: the title link, blurb and why (thumbnail beside it), then a meta line. */
export function cardBlocks(card: PaperCard): Block[] {
  const title = `*${ranked(card)}${link(card.hfUrl, truncatePlain(card.title, 280))}*`;
  const parts = [title, safeData(truncatePlain(card.blurb, 1200))];
  if (card.why) parts.push(`_${safeData(truncatePlain(card.why, 500))}_`);
  const section: Block = { type: 'section', text: mrkdwn(truncateEscaped(parts.join('\n'), SLACK_LIMITS.sectionText)) };
  const image = safeUrl(card.thumbnail);
  if (image) {
    section.accessory = {
      type: 'image',
      image_url: image,
      alt_text: truncateEscaped(escapeSlack(`Thumbnail: ${card.title}`), SLACK_LIMITS.altText),
    };
  }
  const meta = [`▲ ${card.upvotes}`];
  if (card.authors) meta.push(safeData(truncatePlain(card.authors, 300)));
  if (card.organization) meta.push(safeData(truncatePlain(card.organization, 100)));
  if (card.github) {
    const stars = card.github.stars !== undefined ? ` ★ ${compact(card.github.stars)}` : '';
    meta.push(link(card.github.url, `GitHub${stars}`, false));
  }
  meta.push(link(card.arxivUrl, 'arXiv', false));
  if (card.projectPage) meta.push(link(card.projectPage, 'Project page', false));
  if (card.numComments) meta.push(`💬 ${card.numComments}`);
  if (card.day) meta.push(safeText(card.day));
  return [section, ...contextBlocks(meta.slice(0, SLACK_LIMITS.contextElements))];
}

/** A card's notification text: rank, title and upvotes, escaped. */
export const cardFallback = (card: PaperCard): string =>
  `${ranked(card)}${safeText(truncatePlain(card.title, 280))} (▲ ${card.upvotes})`;

const buttonText = (t: string) => plain(truncatePlain(t, SLACK_LIMITS.buttonText));

/** "Page 2 of 7" plus Prev/Next buttons; buttons only when the state fits in their value. */
function pagingBlocks(paging: Paging, options: RenderOptions): Block[] {
  const label = `Page ${paging.page} of ${paging.pages} · ${count(paging.total, 'paper')}`;
  const blocks: Block[] = [{ type: 'context', elements: [mrkdwn(label)] }];
  const { userId, seal } = options;
  if (!userId || !seal || paging.pages <= 1) return blocks;
  const buttons: types.Button[] = [];
  const add = (page: number, text: string, dir: 'prev' | 'next') => {
    const state = { command: paging.command, page, userId };
    const value = encodePageState(state, seal(state));
    if (value)
      buttons.push({ type: 'button', action_id: `${PAGE_ACTION_PREFIX}${dir}`, text: buttonText(text), value });
  };
  if (paging.page > 1) add(paging.page - 1, `◀ Page ${paging.page - 1}`, 'prev');
  if (paging.page < paging.pages) add(paging.page + 1, `Page ${paging.page + 1} ▶`, 'next');
  if (buttons.length) blocks.push({ type: 'actions', block_id: 'paperboy_paging', elements: buttons });
  else {
    const next = Math.min(paging.page + 1, paging.pages);
    blocks.push({
      type: 'context',
      elements: [mrkdwn(safeText(`Type /papers ${paging.command} page=${next} for more.`))],
    });
  }
  return blocks;
}

/**
 * Preformatted text as ``` sections (each within the section limit, split at lines).
 * Entities are still escaped inside code, and a zero-width space keeps outside text
 * from closing the fence.
 */
export function codeBlocks(code: CodeBlock, maxSections = 10): Block[] {
  const room = SLACK_LIMITS.sectionText - 8;
  const lines = escapeSlack(code.text.replace(/\r\n/g, '\n').replace(/\n+$/, ''))
    .replace(/`(?=``)/g, '`\u200b')
    .split('\n');
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncateEscaped(raw, room);
    if (current && current.length + 1 + line.length > room) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line || ' ';
  }
  chunks.push(current);
  const shown = chunks.slice(0, maxSections);
  const blocks: Block[] = shown.map((c) => ({ type: 'section', text: mrkdwn(`\`\`\`${c}\`\`\``) }));
  if (chunks.length > shown.length) blocks.push(...contextBlocks(['…cut here: the rest did not fit in one message.']));
  return blocks;
}

/** Each group as one section: *Models (254)* <url|a> · <url|b> · +251 more. */
export function linkGroupBlocks(groups: readonly LinkGroup[]): Block[] {
  return groups.slice(0, 10).map((g) => {
    const links = g.links.map((l) => link(l.url, truncatePlain(l.text, 100)));
    if (g.more) links.push(`+${g.more} more`);
    const text = `*${safeData(truncatePlain(g.label, 150))}*  ${links.join(' · ') || '—'}`;
    return { type: 'section', text: mrkdwn(truncateEscaped(text, SLACK_LIMITS.sectionText)) };
  });
}

export interface RenderOptions {
  /** Who asked; paging buttons carry it so only they can page */
  userId?: string;
  /** Signs a button's state for the message it goes into; without it, no buttons */
  seal?: (state: PageState) => string;
  /** Signs Save buttons for the message's channel; without it, no Save buttons */
  saveSeal?: SaveSeal;
}

/**
 * A Reply as one or more Slack messages. The head (title, lines, error) opens the first
 * message, cards fill messages up to the block limit, and the tail (notices, paging)
 * closes the last. Replies too long even for five messages are cut with a note.
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage[] {
  const head: Block[] = [headerBlock(reply.title)];
  if (reply.error) head.push(...sections(`:warning: ${slackText(reply.error.text ?? reply.error.message)}`));
  if (reply.lines?.length) head.push(...sections(reply.lines.map(slackText).join('\n')));
  const cardGroups = (reply.cards ?? []).map(cardBlocks);
  const extras = [
    ...(reply.linkGroups?.length ? [linkGroupBlocks(reply.linkGroups)] : []),
    ...(reply.code ? [codeBlocks(reply.code)] : []),
  ];
  const notices = reply.notices?.length ? contextBlocks(reply.notices.map((n) => `ℹ️ ${slackText(n)}`)) : [];
  const saves = reply.error ? [] : saveBlocks(reply.cards ?? [], options.saveSeal);
  const tail = [...saves, ...notices, ...(reply.paging ? pagingBlocks(reply.paging, options) : [])];

  const budget = SLACK_LIMITS.blocksPerMessage - tail.length - 1; // 1 spare for a "cut" note
  const pages: Block[][] = [head.slice(0, budget)];
  let shown = 0;
  for (const group of [...cardGroups, ...extras]) {
    let current = pages[pages.length - 1]!;
    if (current.length + group.length > budget) {
      if (pages.length === SLACK_LIMITS.messagesPerResponse) break;
      current = [];
      pages.push(current);
    }
    current.push(...group);
    shown++;
  }
  const last = pages[pages.length - 1]!;
  if (shown < cardGroups.length + extras.length) {
    // Extras come last, so whatever was cut includes every card from `shown` on.
    if (shown > cardGroups.length) shown = cardGroups.length;
    const missing = cardGroups.length - shown;
    const note = missing > 0 ? `…and ${missing} more not shown here.` : '…the rest did not fit here.';
    last.push({ type: 'context', elements: [mrkdwn(note)] });
  }
  last.push(...tail);

  const total = reply.cards?.length ?? 0;
  const summary = reply.error
    ? `${safeText(reply.title)}: ${slackText(reply.error.text ?? reply.error.message)}`
    : total > 0
      ? `${safeText(reply.title)} (${count(total, 'paper')})`
      : [safeText(reply.title), ...(reply.lines ?? []).map(slackText)].join('\n');
  return pages.map((blocks, i) => ({
    text: truncateEscaped(i === 0 ? summary : `${safeText(reply.title)} (continued)`, SLACK_LIMITS.fallbackText),
    blocks,
  }));
}

/** The digest thread's parent: header plus an optional subtitle line. */
export function renderDigestParent(header: DigestHeader): SlackMessage {
  const blocks: Block[] = [headerBlock(header.title)];
  if (header.subtitle) blocks.push(...contextBlocks([safeText(header.subtitle)]));
  const text = header.subtitle ? `${safeText(header.title)} — ${safeText(header.subtitle)}` : safeText(header.title);
  return { text: truncateEscaped(text, SLACK_LIMITS.fallbackText), blocks };
}

/** One paper in a digest thread, with its Save button when a seal is given. */
export function renderDigestPaper(card: PaperCard, saveSeal?: SaveSeal): SlackMessage {
  return { text: cardFallback(card), blocks: [...cardBlocks(card), ...saveBlocks([card], saveSeal)] };
}

/** The same message without image accessories (for when Slack cannot fetch a thumbnail). */
export function withoutImages(message: SlackMessage): SlackMessage {
  return {
    text: message.text,
    blocks: message.blocks.map((b) => {
      if (b.type !== 'section' || !b.accessory || b.accessory.type !== 'image') return b;
      const { accessory: _dropped, ...rest } = b;
      return rest;
    }),
  };
}
