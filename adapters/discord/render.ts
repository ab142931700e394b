import type { APIEmbed } from 'discord.js';
import type { DigestHeader } from '../../src/digest/sink.js';
import { count } from '../../src/count.js';
import type { CodeBlock, LinkGroup, PaperCard, Reply, ReplyAttachment, Text } from '../../src/reply.js';
import { webUrl } from '../../src/web-url.js';
import { collapseWhitespace } from '../../src/text/whitespace.js';

/**
 * Reply → Discord embeds, within every limit Discord enforces (and discord.js does not
 * check for us): a message over a limit is rejected whole with a 400, so the renderer
 * truncates fields and splits the cards over several messages instead.
 */
export const LIMITS = {
  embedsPerMessage: 10,
  charsPerMessage: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  content: 2000,
  threadName: 100,
  /** A bot's upload limit per file (10 MiB since 2024); far above any export we make */
  fileBytes: 10 * 1024 * 1024,
} as const;

/** A card's blurb is ~300 characters (cards.ts); this bound only guards odd input. */
const CARD_BLURB_MAX = 1000;
const COLORS = { brand: 0xffd21e, error: 0xe5484d, notice: 0xf5a524 } as const;

export interface OutgoingFile {
  name: string;
  data: Buffer;
  contentType: string;
}

export interface OutgoingMessage {
  /** The reply's title and notes when it has cards (so the cards get all 10 embeds) */
  content?: string;
  embeds: APIEmbed[];
  /** The reply's attachment, on the first message only */
  files?: OutgoingFile[];
}

/** Truncate to `max` UTF-16 units with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/**
 * Outside text (paper titles, abstracts, what people typed) is shown literally: markdown
 * is escaped so nobody can forge bold, headings or masked links, and `<@…>`, `<#…>`,
 * `<t:…>` style tokens get a zero-width space so they render as text, not as mentions.
 * (Nothing pings anyway: every message also carries allowedMentions: { parse: [] }.)
 */
export function plain(text: string): string {
  return escapeText(collapseWhitespace(text), true);
}

/**
 * Text with its inline code as Discord code spans (rendered literally: no markdown,
 * links or mentions inside) and its links as masked links; plain pieces as `plain`.
 */
export function markdown(text: Text): string {
  if (typeof text === 'string') return plain(text);
  let out = '';
  for (const piece of text.rich) {
    if (typeof piece === 'string') out += escapeText(piece.replace(/\s+/g, ' '), out === '');
    else if ('code' in piece) out += codeSpan(piece.code);
    else
      out += link(escapeText(collapseWhitespace(piece.link), false), piece.url) ?? escapeText(piece.link, out === '');
  }
  return out.trim();
}

/** A code span that holds any text: a backtick inside cannot end it early. */
const codeSpan = (code: string): string => {
  const body = collapseWhitespace(code).replace(/`/g, 'ˋ') || ' ';
  return `\`${body}\``;
};

function escapeText(text: string, atStart: boolean): string {
  // Linear on purpose: discord.js's escapeMarkdown is quadratic on long unbroken words
  // (40 ms for 2 kB), and a 10 kB argument echoed in an error would stall the bot.
  // Discord drops a backslash before any punctuation, so escaping is always safe.
  let escaped = text.replace(/[\\*_~`|>[\]()]/g, '\\$&');
  if (atStart) escaped = escaped.replace(/^(#{1,3} |-# |[-+] )/, '\\$1').replace(/^(\d+)\. /, '$1\\. ');
  return escaped.replace(/<(?=@|#|a?:|t:|\/|id:)/g, '<\u200b').replace(/@(everyone|here)\b/g, '@\u200b$1');
}

/** Only http(s) URLs go into embed url/image fields: anything else makes Discord reject the message. */
/** Checked URLs: every card has several, and a day's cards repeat them command after command. */
const checkedUrls = new Map<string, string | undefined>();
const CHECKED_URLS_MAX = 10_000;

export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (checkedUrls.has(url)) return checkedUrls.get(url);
  const safe = webUrl(url)?.toString();
  if (checkedUrls.size >= CHECKED_URLS_MAX) checkedUrls.clear();
  checkedUrls.set(url, safe);
  return safe;
}

/** `[label](url)` with the URL made unable to close the link early. */
const link = (label: string, url: string | undefined): string | undefined => {
  const safe = safeUrl(url);
  // An absurdly long URL would eat the message budget; the card keeps its other links.
  return safe && safe.length <= 300
    ? `[${label}](${safe.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20')})`
    : undefined;
};

/** Characters Discord counts toward the 6000 limit of one message's embeds. */
export function embedChars(e: APIEmbed): number {
  let n =
    (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** How much of a card to show; smaller sizes keep a full page inside one message. */
export interface CardSize {
  blurb: number;
  title: number;
  footer: number;
}
const FULL: CardSize = { blurb: CARD_BLURB_MAX, title: LIMITS.title, footer: 600 };

/** "3. " before a card's title in a list; nothing for a paper shown on its own. */
const ranked = (card: PaperCard): string => (card.rank !== undefined ? `${card.rank}. ` : '');

export function cardEmbed(card: PaperCard, size: CardSize = FULL): APIEmbed {
  const stars = card.github?.stars !== undefined ? ` ★ ${card.github.stars}` : '';
  const links = [
    link('Hugging Face', card.hfUrl),
    link('arXiv', card.arxivUrl),
    card.github ? link(`GitHub${stars}`, card.github.url) : undefined,
    link('Project page', card.projectPage),
  ].filter(Boolean);
  const description = [
    truncate(plain(card.blurb), size.blurb),
    card.why ? `*${truncate(plain(card.why), Math.min(300, Math.max(size.blurb, 80)))}*` : undefined,
    links.join(' · '),
  ]
    .filter(Boolean)
    .join('\n\n');
  const footer = [
    `▲ ${card.upvotes}`,
    card.authors ? truncate(card.authors, 300) : undefined,
    card.organization ? truncate(card.organization, 100) : undefined,
    card.day,
    card.numComments ? count(card.numComments, 'comment') : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const embed: APIEmbed = {
    title: truncate(`${ranked(card)}${plain(card.title)}`, size.title),
    description: truncate(description, LIMITS.description),
    footer: { text: truncate(footer, size.footer) },
    color: COLORS.brand,
  };
  const url = safeUrl(card.hfUrl);
  if (url) embed.url = url;
  const image = safeUrl(card.thumbnail);
  if (image) embed.image = { url: image };
  return embed;
}

/** Pack lines into description-sized chunks, splitting only overlong single lines. */
function chunkLines(lines: string[], max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of lines.flatMap((l) => (l.length > max ? splitHard(l, max) : [l]))) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length > max) {
      chunks.push(current);
      current = line;
    } else current = next;
  }
  if (current) chunks.push(current);
  return chunks;
}

function splitHard(text: string, max: number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += max) parts.push(text.slice(i, i + max));
  return parts;
}

/** The reply's own text: title, error, lines, notices and the page footer. */
export function headerEmbeds(reply: Reply): APIEmbed[] {
  const lines: string[] = [];
  if (reply.error) lines.push(`**${markdown(reply.error.text ?? reply.error.message)}**`);
  for (const l of reply.lines ?? []) lines.push(markdown(l) || '\u200b');
  for (const n of reply.notices ?? []) lines.push(`⚠️ ${markdown(n)}`);
  // Keep room for the title and footer inside the per-message budget.
  const chunks = chunkLines(lines, LIMITS.description);
  const color = reply.error ? COLORS.error : reply.notices?.length ? COLORS.notice : COLORS.brand;
  const embeds: APIEmbed[] = (chunks.length ? chunks : ['']).map((description) => ({
    ...(description ? { description } : {}),
    color,
  }));
  embeds[0]!.title = truncate(plain(reply.title), LIMITS.title);
  if (reply.paging) {
    const p = reply.paging;
    embeds[embeds.length - 1]!.footer = {
      text: `Page ${p.page} of ${p.pages} · ${count(p.total, 'paper')}`,
    };
  }
  return embeds;
}

/** Split embeds into messages of at most 10 embeds and 6000 characters each. */
export function packEmbeds(embeds: APIEmbed[]): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [];
  let current: APIEmbed[] = [];
  let chars = 0;
  for (const e of embeds) {
    const n = embedChars(e);
    if (current.length && (current.length >= LIMITS.embedsPerMessage || chars + n > LIMITS.charsPerMessage)) {
      messages.push({ embeds: current });
      current = [];
      chars = 0;
    }
    current.push(e);
    chars += n;
  }
  if (current.length) messages.push({ embeds: current });
  return messages;
}

/** Title, error, lines, notices and page as message content (≤ 2000), for replies with cards. */
export function headerContent(reply: Reply): string {
  const lines = [`**${plain(reply.title)}**`];
  if (reply.error) lines.push(`**${markdown(reply.error.text ?? reply.error.message)}**`);
  for (const l of reply.lines ?? []) lines.push(markdown(l));
  for (const n of reply.notices ?? []) lines.push(`⚠️ ${markdown(n)}`);
  if (reply.paging) {
    const p = reply.paging;
    lines.push(`-# Page ${p.page} of ${p.pages} · ${count(p.total, 'paper')}`);
  }
  return truncate(lines.join('\n'), LIMITS.content);
}

/** Card sizes tried, largest first, to fit a page of cards into one message. */
const SIZE_STEPS: CardSize[] = [
  FULL,
  { blurb: 300, title: LIMITS.title, footer: 300 },
  { blurb: 160, title: 200, footer: 200 },
  { blurb: 80, title: 150, footer: 120 },
  // Worst case per card: 150 + ~250 of links + 120 → 10 cards stay under 6000.
  { blurb: 0, title: 150, footer: 120 },
];

/**
 * The whole reply as one or more messages. A page of up to 10 cards always fits in ONE
 * message (blurbs are shortened if the 6000-character budget needs it), so paging
 * buttons can edit it in place; longer lists continue in follow-up messages.
 */
export function renderReply(reply: Reply): OutgoingMessage[] {
  const messages = withExtras(renderBody(reply), extraEmbeds(reply));
  const file = reply.attachment ? attachmentFile(reply.attachment) : undefined;
  if (file) messages[0]!.files = [file];
  else if (reply.attachment) {
    const note: APIEmbed = { description: `⚠️ ${plain(tooLargeNote(reply.attachment))}`, color: COLORS.notice };
    return withExtras(messages, [note]);
  }
  return messages;
}

function renderBody(reply: Reply): OutgoingMessage[] {
  const cards = reply.cards ?? [];
  if (cards.length === 0) return packEmbeds(headerEmbeds(reply));
  const content = headerContent(reply);
  if (cards.length <= LIMITS.embedsPerMessage) {
    for (const size of SIZE_STEPS) {
      const embeds = cards.map((c) => cardEmbed(c, size));
      if (embeds.reduce((n, e) => n + embedChars(e), 0) <= LIMITS.charsPerMessage) return [{ content, embeds }];
    }
  }
  const [first, ...rest] = packEmbeds(cards.map((c) => cardEmbed(c)));
  return [{ content, embeds: first!.embeds }, ...rest];
}

/** Code blocks and link groups, after the body: in its last message when they fit, else in a new one. */
function withExtras(messages: OutgoingMessage[], extras: APIEmbed[]): OutgoingMessage[] {
  for (const e of extras) {
    const last = messages[messages.length - 1]!;
    const chars = last.embeds.reduce((n, x) => n + embedChars(x), 0);
    if (last.embeds.length < LIMITS.embedsPerMessage && chars + embedChars(e) <= LIMITS.charsPerMessage)
      last.embeds.push(e);
    else messages.push({ embeds: [e] });
  }
  return messages;
}

function extraEmbeds(reply: Reply): APIEmbed[] {
  const out: APIEmbed[] = [];
  if (reply.code) out.push({ description: codeBlock(reply.code, LIMITS.description), color: COLORS.brand });
  if (reply.linkGroups?.length) out.push(linksEmbed(reply.linkGroups));
  return out;
}

/**
 * A fenced code block within `max` characters. Outside text cannot close the fence
 * early (a zero-width space breaks any ``` inside); an over-long text is cut at a line.
 */
export function codeBlock(code: CodeBlock, max: number): string {
  const lang = /^[a-z]{1,20}$/.test(code.language ?? '') ? code.language! : '';
  const open = `\`\`\`${lang}\n`;
  const close = '\n```';
  let text = code.text
    .replace(/\r\n/g, '\n')
    .replace(/`(?=``)/g, '`\u200b')
    .replace(/\n+$/, '');
  const room = max - open.length - close.length;
  if (text.length > room) {
    const cut = text.slice(0, room - 2);
    text = `${cut.slice(0, Math.max(0, cut.lastIndexOf('\n')))}\n…`;
  }
  return open + text + close;
}

/** Each group as an embed field: "Models (254)" → [a](…) · [b](…) · +251 more. */
export function linksEmbed(groups: readonly LinkGroup[]): APIEmbed {
  const fields = groups.slice(0, LIMITS.fields).map((g) => {
    const more = g.more ? `+${g.more} more` : '';
    const parts: string[] = [];
    for (const l of g.links) {
      const md = link(truncate(plain(l.text), 100), l.url);
      if (!md) continue;
      if ([...parts, md, more].join(' · ').length > LIMITS.fieldValue) break;
      parts.push(md);
    }
    const value = [...parts, ...(more ? [more] : [])].join(' · ') || '—';
    return { name: truncate(plain(g.label), LIMITS.fieldName), value, inline: false };
  });
  return { fields, color: COLORS.brand };
}

function attachmentFile(a: ReplyAttachment): OutgoingFile | undefined {
  const data = Buffer.from(a.text, 'utf8');
  if (data.length > LIMITS.fileBytes) return undefined;
  const name = a.filename.replace(/[^\w.-]/g, '_').slice(0, 100) || 'paperboy.txt';
  return { name, data, contentType: a.contentType };
}

const tooLargeNote = (a: ReplyAttachment): string =>
  `${a.filename} is ${(Buffer.byteLength(a.text) / 1024 / 1024).toFixed(1)} MB, more than Discord accepts from a bot (10 MB). Ask for fewer papers at a time.`;

/** The digest's parent message (the thread hangs off it). */
export function digestHeaderEmbed(header: DigestHeader): APIEmbed {
  return {
    title: truncate(plain(header.title), LIMITS.title),
    ...(header.subtitle ? { description: truncate(plain(header.subtitle), LIMITS.description) } : {}),
    color: COLORS.brand,
  };
}

/** Discord thread names are 1–100 characters; newlines are not allowed. */
export function threadName(header: DigestHeader): string {
  const name = collapseWhitespace(header.threadName || header.title || `Daily Papers ${header.listDate}`);
  return truncate(name || `Daily Papers ${header.listDate}`, LIMITS.threadName);
}
