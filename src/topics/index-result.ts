import type { IndexHit } from './topic-index.js';

/**
 * The answer of TopicIndex.match, per subscription id, built on read: the matching
 * itself ran once per distinct topic, and a digest reads only the subscriptions it is
 * delivering for, so nothing is spent here on the rest. Iterates in entry order;
 * subscribers to one topic share its (read-only) list of hits.
 */
export class IndexResult implements ReadonlyMap<string, readonly IndexHit[]> {
  #size: number | undefined;
  constructor(
    private readonly groupsOfId: ReadonlyMap<string, readonly number[]>,
    private readonly groupHits: readonly (IndexHit[] | undefined)[],
  ) {}

  get(id: string): readonly IndexHit[] | undefined {
    const groups = this.groupsOfId.get(id);
    if (!groups) return undefined;
    if (groups.length === 1) return this.groupHits[groups[0]!];
    const hits = groups.flatMap((g) => this.groupHits[g] ?? []);
    return hits.length ? hits : undefined;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  get size(): number {
    if (this.#size === undefined) {
      let n = 0;
      for (const groups of this.groupsOfId.values()) if (groups.some((g) => this.groupHits[g])) n++;
      this.#size = n;
    }
    return this.#size;
  }

  // groupsOfId was filled in entry order, so its order is each id's first appearance.
  *entries_(): IterableIterator<[string, readonly IndexHit[]]> {
    for (const [id, groups] of this.groupsOfId) {
      const hits = groups.length === 1 ? this.groupHits[groups[0]!] : this.get(id);
      if (hits) yield [id, hits];
    }
  }

  [Symbol.iterator](): MapIterator<[string, readonly IndexHit[]]> {
    return this.entries_() as MapIterator<[string, readonly IndexHit[]]>;
  }
  entries(): MapIterator<[string, readonly IndexHit[]]> {
    return this[Symbol.iterator]();
  }
  *keys_(): IterableIterator<string> {
    for (const [id] of this.entries_()) yield id;
  }
  *values_(): IterableIterator<readonly IndexHit[]> {
    for (const [, hits] of this.entries_()) yield hits;
  }
  keys(): MapIterator<string> {
    return this.keys_() as MapIterator<string>;
  }
  values(): MapIterator<readonly IndexHit[]> {
    return this.values_() as MapIterator<readonly IndexHit[]>;
  }
  forEach(fn: (hits: readonly IndexHit[], id: string, map: ReadonlyMap<string, readonly IndexHit[]>) => void): void {
    for (const [id, hits] of this.entries_()) fn(hits, id, this);
  }
}
