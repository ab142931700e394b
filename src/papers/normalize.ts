import type { LinkedRepo, Organization, Paper, PaperLinks } from './paper.js';
import type { HfDailyItem, HfItem, HfPaper } from './schemas.js';
import { collapseWhitespace } from '../text/whitespace.js';

/**
 * Validated Hugging Face items → Paper. arXiv keeps hard line wraps in titles and
 * abstracts, so whitespace is collapsed once here and nowhere else; ids lose their
 * version suffix so the same paper is one id everywhere.
 */

export { collapseWhitespace };

/** "2410.17243v2" → "2410.17243"; old-style "hep-th/9901001v3" → "hep-th/9901001". */
export const stripVersion = (id: string): string => id.trim().replace(/(\d)v\d+$/, '$1');

const nonEmpty = (s: string | null | undefined): string | undefined => {
  const t = s ? collapseWhitespace(s) : '';
  return t ? t : undefined;
};

function organization(
  ...candidates: (HfPaper['organization'] | HfDailyItem['organization'])[]
): Organization | undefined {
  for (const o of candidates) {
    if (!o) continue;
    const org: Organization = { name: o.name };
    if (o.fullname) org.fullname = o.fullname;
    if (o.avatar) org.avatar = o.avatar;
    return org;
  }
  return undefined;
}

/** How many linked repos of each kind a Paper keeps (pages show the first few). */
export const LINKS_KEPT = 5;

function links(paper: HfPaper): PaperLinks | undefined {
  const fields = [paper.linkedModels, paper.linkedDatasets, paper.linkedSpaces];
  const counts = [paper.numTotalModels, paper.numTotalDatasets, paper.numTotalSpaces];
  if (fields.every((f) => !f) && counts.every((c) => c === undefined || c === null)) return undefined;
  const repos = (list: typeof paper.linkedModels): LinkedRepo[] =>
    (list ?? []).slice(0, LINKS_KEPT).map((r) => ({
      id: r.id,
      ...(typeof r.likes === 'number' ? { likes: r.likes } : {}),
      ...(typeof r.downloads === 'number' ? { downloads: r.downloads } : {}),
    }));
  // A total below the listed count is not believable; the list wins.
  const total = (list: unknown[] | undefined, count: number | null | undefined) =>
    Math.max(list?.length ?? 0, count ?? 0);
  return {
    models: repos(paper.linkedModels),
    datasets: repos(paper.linkedDatasets),
    spaces: repos(paper.linkedSpaces),
    totals: {
      models: total(paper.linkedModels, paper.numTotalModels),
      datasets: total(paper.linkedDatasets, paper.numTotalDatasets),
      spaces: total(paper.linkedSpaces, paper.numTotalSpaces),
    },
  };
}

function fromParts(paper: HfPaper, item: HfDailyItem | undefined, day: string | undefined): Paper {
  const out: Paper = {
    id: stripVersion(paper.id),
    // The top-level title is HF's own collapsed copy; prefer it when present.
    title: nonEmpty(item?.title) ?? nonEmpty(paper.title) ?? '',
    summary: nonEmpty(paper.summary) ?? nonEmpty(item?.summary) ?? '',
    authors: (paper.authors ?? [])
      .map((a) => nonEmpty(a.name) ?? nonEmpty(a.user?.fullname))
      .filter((n): n is string => n !== undefined),
    upvotes: paper.upvotes ?? 0,
    publishedAt: paper.publishedAt ?? item?.publishedAt ?? '',
  };
  // The list date: given when fetched by date; otherwise HF's own submission day
  // (present since 2025-03), which is what week and month responses need.
  const listDay = day ?? paper.submittedOnDailyAt?.slice(0, 10);
  if (listDay && /^\d{4}-\d{2}-\d{2}$/.test(listDay)) out.day = listDay;
  const numComments = item?.numComments ?? paper.numComments;
  if (numComments !== undefined && numComments !== null) out.numComments = numComments;
  const aiSummary = nonEmpty(paper.ai_summary);
  if (aiSummary) out.aiSummary = aiSummary;
  const keywords = (paper.ai_keywords ?? []).map(collapseWhitespace).filter(Boolean);
  if (keywords.length) out.aiKeywords = keywords;
  const githubRepo = nonEmpty(paper.githubRepo);
  if (githubRepo) out.githubRepo = githubRepo;
  if (paper.githubStars !== undefined && paper.githubStars !== null) out.githubStars = paper.githubStars;
  const projectPage = nonEmpty(paper.projectPage);
  if (projectPage) out.projectPage = projectPage;
  const org = organization(paper.organization, item?.organization);
  if (org) out.organization = org;
  // Before mid-2024 the social thumbnail came as `mediaUrl` (which can also be a video).
  const legacyImage = nonEmpty(item?.mediaUrl);
  const thumbnail =
    nonEmpty(item?.thumbnail) ??
    (legacyImage && /\.(png|jpe?g|webp|gif)$/i.test(legacyImage) ? legacyImage : undefined);
  if (thumbnail) out.thumbnail = thumbnail;
  const linked = links(paper);
  if (linked) out.links = linked;
  return out;
}

/** One validated item → Paper. `day` is the list date when the list was fetched by date. */
export function normalizeItem(item: HfItem, day?: string): Paper {
  return item.kind === 'wrapped' ? fromParts(item.item.paper, item.item, day) : fromParts(item.paper, undefined, day);
}

export const normalizeItems = (items: HfItem[], day?: string): Paper[] => items.map((i) => normalizeItem(i, day));
