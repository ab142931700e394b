import { z } from 'zod';
import type { Logger } from '../logger.js';

/**
 * zod schemas for the Hugging Face Papers API, written against every schema generation
 * in the recorded responses (2024 → 2026; see fixtures/SOURCES.md for the drift).
 *
 * Required: what a paper cannot be shown without (id, title). Everything decorative is
 * optional and `.catch(undefined)`: a malformed thumbnail should cost us the thumbnail,
 * not the paper. Unknown keys are stripped, so new upstream fields never break parsing.
 */

const optionalString = z.string().nullish().catch(undefined);
const optionalCount = z.number().int().nonnegative().nullish().catch(undefined);

export const organizationSchema = z.object({
  name: z.string().min(1),
  fullname: optionalString,
  avatar: optionalString,
});

export const authorSchema = z.object({
  // Hidden authors still carry their name; `user.fullname` covers claimed profiles
  // that (rarely) lack a top-level name.
  name: optionalString,
  hidden: z.boolean().nullish().catch(undefined),
  user: z.object({ fullname: optionalString }).nullish().catch(undefined),
});

/** A linked model/dataset/Space; anything without a usable repo id is dropped, not fatal. */
export const linkedRepoSchema = z.object({
  id: z.string().regex(/^[\w.-]{1,96}(\/[\w.-]{1,96})?$/),
  likes: optionalCount,
  downloads: optionalCount,
});
const linkedList = z
  .array(z.unknown())
  .nullish()
  .catch(undefined)
  .transform((list) =>
    list?.flatMap((raw) => {
      const r = linkedRepoSchema.safeParse(raw);
      return r.success ? [r.data] : [];
    }),
  );

/** The paper object: `item.paper` in daily lists, or the whole body of /api/papers/{id}. */
export const paperSchema = z.object({
  id: z.string().trim().min(1),
  title: z.string().nullish(),
  summary: z.string().nullish(),
  authors: z.array(authorSchema).nullish(),
  // Upvotes must be a count when present: a string here means the item is not what we think.
  upvotes: z.number().int().nonnegative().nullish(),
  publishedAt: optionalString,
  submittedOnDailyAt: optionalString,
  ai_summary: optionalString,
  ai_keywords: z.array(z.string()).nullish().catch(undefined),
  githubRepo: optionalString,
  githubStars: optionalCount,
  projectPage: optionalString,
  organization: organizationSchema.nullish().catch(undefined),
  numComments: optionalCount,
  // Only /api/papers/{id} sends these (huggingface_hub's paper_info).
  linkedModels: linkedList,
  linkedDatasets: linkedList,
  linkedSpaces: linkedList,
  numTotalModels: optionalCount,
  numTotalDatasets: optionalCount,
  numTotalSpaces: optionalCount,
});
export type HfPaper = z.output<typeof paperSchema>;

/** One entry of /api/daily_papers (and the wrapped search shape). */
export const dailyItemSchema = z.object({
  paper: paperSchema,
  title: optionalString,
  summary: optionalString,
  publishedAt: optionalString,
  thumbnail: optionalString,
  // Before 2024-06-12 the social thumbnail came as `mediaUrl`.
  mediaUrl: optionalString,
  mediaUrls: z.array(z.string()).nullish().catch(undefined),
  numComments: optionalCount,
  organization: organizationSchema.nullish().catch(undefined),
});
export type HfDailyItem = z.output<typeof dailyItemSchema>;

/** A search result is either a daily-style wrapped item or a flat paper object. */
export type HfItem = { kind: 'wrapped'; item: HfDailyItem } | { kind: 'flat'; paper: HfPaper };

const hasTitle = (item: HfItem): boolean =>
  item.kind === 'wrapped'
    ? Boolean(item.item.title?.trim() || item.item.paper.title?.trim())
    : Boolean(item.paper.title?.trim());

/** Thrown for a body that is not the list we asked for; the client treats it as an upstream fault. */
export class UpstreamShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamShapeError';
  }
}

const describeIssue = (error: z.ZodError): string =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`)
    .join('; ');

const idOf = (raw: unknown): unknown => {
  if (raw && typeof raw === 'object') {
    const r = raw as { id?: unknown; paper?: { id?: unknown } };
    return r.paper?.id ?? r.id;
  }
  return undefined;
};

function parseOne(raw: unknown, accept: 'wrapped' | 'either'): { ok: true; item: HfItem } | { ok: false; why: string } {
  const looksWrapped = raw !== null && typeof raw === 'object' && 'paper' in raw;
  if (looksWrapped || accept === 'wrapped') {
    const r = dailyItemSchema.safeParse(raw);
    if (!r.success) return { ok: false, why: describeIssue(r.error) };
    const item: HfItem = { kind: 'wrapped', item: r.data };
    return hasTitle(item) ? { ok: true, item } : { ok: false, why: 'title: missing' };
  }
  const r = paperSchema.safeParse(raw);
  if (!r.success) return { ok: false, why: describeIssue(r.error) };
  const item: HfItem = { kind: 'flat', paper: r.data };
  return hasTitle(item) ? { ok: true, item } : { ok: false, why: 'title: missing' };
}

/**
 * Validate a list body item by item. A non-array body is an upstream fault
 * (UpstreamShapeError); a bad item is skipped with a warning naming its index and id.
 * `accept: 'either'` takes both search shapes (flat paper, or wrapped in `paper`).
 */
export function parseItems(
  body: unknown,
  endpoint: string,
  logger: Logger,
  accept: 'wrapped' | 'either' = 'wrapped',
): HfItem[] {
  if (!Array.isArray(body)) {
    throw new UpstreamShapeError(
      `Hugging Face ${endpoint} answered with ${body === null ? 'null' : typeof body}, not a list`,
    );
  }
  const out: HfItem[] = [];
  body.forEach((raw, index) => {
    const r = parseOne(raw, accept);
    if (r.ok) out.push(r.item);
    else
      logger.warn('Skipped a Hugging Face item that does not match the schema', {
        endpoint,
        index,
        id: idOf(raw),
        problem: r.why,
      });
  });
  return out;
}

/** The body of /api/papers/{id}: one flat paper (a wrapped one is accepted too). */
export function parsePaperBody(body: unknown, endpoint: string): HfItem {
  const r = parseOne(body, 'either');
  if (!r.ok) throw new UpstreamShapeError(`Hugging Face ${endpoint} answered with an unexpected paper (${r.why})`);
  return r.item;
}
