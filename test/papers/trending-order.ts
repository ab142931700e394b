/**
 * A stand-in for Hugging Face's trending order, which is not published: upvotes
 * decayed by the paper's age, `upvotes / (hours since arXiv publication + 2) ^ 1.5`
 * (the Hacker News gravity formula), so a fresh paper with a few votes can pass an older
 * one with many. It differs from both the default (publishedAt) order and an upvote
 * count, which is what tests need to tell "kept Hugging Face's order" from "re-sorted".
 * Used by the fake Hugging Face and by build-trending-fixture.ts.
 */
export interface TrendingItem {
  paper: { id: string; upvotes: number; publishedAt?: string };
}

export function trendingScore(item: TrendingItem, at: Date): number {
  const published = Date.parse(item.paper.publishedAt ?? '');
  const hours = Number.isNaN(published) ? 1e6 : Math.max(0, (at.getTime() - published) / 3_600_000);
  return item.paper.upvotes / (hours + 2) ** 1.5;
}

export function trendingOrder<T extends TrendingItem>(items: readonly T[], at: Date): T[] {
  return [...items].sort((a, b) => trendingScore(b, at) - trendingScore(a, at) || (a.paper.id < b.paper.id ? 1 : -1));
}
