/**
 * Many subscriptions × one day's papers, without trying every pair.
 *
 * 1. Candidates. Every compiled topic has *index keys*: keys of which at least one is in
 *    every paper the topic matches (a word: the word; a phrase: its rarest pair of
 *    neighbouring words, plus the joined form of a hyphenated pair; AND: the keys of its
 *    rarest child; OR: the keys of all children; NOT: none — the parser guarantees every
 *    topic has a positive part). The index maps key → subscriptions; a day's papers look
 *    their own keys up in it, so subscriptions about other things are never touched.
 * 2. Filter. Each topic also compiles to a condition over key ids, run on bit masks of
 *    32 papers at a time. For plain words, names, two-word phrases, fields title:/
 *    keywords:, and AND/OR/NOT of those, the mask *is* the answer; otherwise it is a
 *    necessary condition and the papers it lets through are checked with `matches`.
 * 3. Why. The explanation is worked out on first read (a digest shows a few hits per
 *    subscription), by the same `evaluate` CompiledTopic.match uses.
 * So the index returns exactly what one-by-one matching returns (the property test in
 * test/topics/topic-index.test.ts checks that on real days), only faster.
 */
import type { Paper } from '../papers/paper.js';
import type { TermNode, TopicNode } from './parser.js';
import type { FieldTokens, MatchReason, PaperView } from './match.js';
import { evaluate, matches, tidyReasons, viewOf } from './match.js';
import { commonWordShares } from './word-frequencies.js';
import { stem } from './normalize.js';
import { IndexResult } from './index-result.js';

/** What the index needs from a compiled topic (CompiledTopic from compileTopic has it). */
export interface IndexableTopic {
  readonly source: string;
  match(paper: Paper): { matched: boolean; why: MatchReason[] };
  /** The syntax tree; topics without one are matched one by one against every paper */
  readonly tree?: TopicNode;
}

/** A subscription to index: its id (unique) and its compiled topic. */
export interface IndexEntry {
  id: string;
  topic: IndexableTopic;
}

/** One paper a subscription matched, and why (worked out on first read, then kept). */
export interface IndexHit {
  readonly paper: Paper;
  readonly why: MatchReason[];
}

let shares: Map<string, number> | undefined;
/** Estimated share of papers containing a word: common words cost more as index keys. */
function keyCost(scope: string, token: string): number {
  shares ??= commonWordShares(stem);
  if (scope === 'x') return shares.get(token) ?? 0.002;
  // Short name parts ("li", "wang", "ai") are common across authors and organisations.
  return token.length <= 4 ? 0.02 : 0.004;
}

/** A key: a word (or two neighbouring words) in a scope — x text, t title, k keywords, a author, o org. */
interface Key {
  scope: string;
  word: string;
  next?: string;
}
interface Keys {
  keys: Key[];
  cost: number;
}

/** Rough share of papers with two given words side by side: rarer than either word. */
const PAIR_FACTOR = 0.2;

function termKeys(term: TermNode): Keys {
  const named = term.field === 'author' || term.field === 'org';
  const scope = term.field === 'author' ? 'a' : term.field === 'org' ? 'o' : 'x';
  const tokens = named ? term.words : term.stems;
  const costs = tokens.map((t) => keyCost(scope, t));
  let best: Key = { scope, word: tokens[0]! };
  let bestCost = costs[0]!;
  // A phrase is indexed by its rarest pair of neighbouring words.
  for (let i = 1; i < tokens.length; i++) {
    const cost = PAIR_FACTOR * Math.min(costs[i - 1]!, costs[i]!);
    if (i === 1 || cost < bestCost) {
      best = { scope, word: tokens[i - 1]!, next: tokens[i]! };
      bestCost = cost;
    }
  }
  if (term.joined === undefined || named) return { keys: [best], cost: bestCost }; // names are not stemmed
  return { keys: [best, { scope: 'x', word: term.joined }], cost: bestCost + keyCost('x', term.joined) };
}

/** Keys of which at least one occurs in every paper the node matches; undefined for NOT. */
export function indexKeys(node: TopicNode): Keys | undefined {
  switch (node.kind) {
    case 'term':
      return termKeys(node);
    case 'not':
      return undefined;
    case 'and': {
      let best: Keys | undefined;
      for (const child of node.children) {
        const k = indexKeys(child);
        if (k && (!best || k.cost < best.cost)) best = k;
      }
      return best;
    }
    case 'or': {
      const keys: Key[] = [];
      let cost = 0;
      for (const child of node.children) {
        const k = indexKeys(child);
        if (!k) return undefined;
        keys.push(...k.keys);
        cost += k.cost;
      }
      return { keys, cost };
    }
  }
}

/**
 * Key → small integer id. Nested maps (scope → word → next word) instead of joined
 * strings: the words are the stemmer's memoised strings, whose hashes V8 keeps, so a
 * day's lookups build no strings at all.
 */
class KeyTable {
  readonly singles = new Map<string, Map<string, number>>();
  readonly pairs = new Map<string, Map<string, Map<string, number>>>();
  size = 0;

  id({ scope, word, next }: Key): number {
    let map: Map<string, number> | undefined;
    if (next === undefined) {
      map = this.singles.get(scope);
      if (!map) this.singles.set(scope, (map = new Map()));
      return this.idIn(map, word);
    }
    let byFirst = this.pairs.get(scope);
    if (!byFirst) this.pairs.set(scope, (byFirst = new Map()));
    map = byFirst.get(word);
    if (!map) byFirst.set(word, (map = new Map()));
    return this.idIn(map, next);
  }

  private idIn(map: Map<string, number>, word: string): number {
    let id = map.get(word);
    if (id === undefined) {
      id = this.size++;
      map.set(word, id);
    }
    return id;
  }

  /** Ids of the keys present in one field, appended to `out` (repeats are harmless). */
  collect(scope: string, field: FieldTokens, out: number[]): void {
    const singles = this.singles.get(scope);
    if (singles)
      for (const t of field.set) {
        const id = singles.get(t);
        if (id !== undefined) out.push(id);
      }
    const pairs = this.pairs.get(scope);
    if (!pairs) return;
    const seq = field.seq;
    for (let i = 0; i + 1 < seq.length; i++) {
      const second = seq[i + 1]!;
      if (!second) continue;
      const id = pairs.get(seq[i]!)?.get(second);
      if (id !== undefined) out.push(id);
    }
  }
}

/** A hit whose explanation is worked out when first read: most hits are never shown. */
class LazyHit implements IndexHit {
  #why: MatchReason[] | undefined;
  readonly #tree: TopicNode;
  readonly #view: PaperView;
  constructor(
    readonly paper: Paper,
    tree: TopicNode,
    view: PaperView,
  ) {
    this.#tree = tree;
    this.#view = view;
  }
  get why(): MatchReason[] {
    return (this.#why ??= tidyReasons(evaluate(this.#tree, this.#view) ?? []));
  }
}

/**
 * A cheap necessary condition for a topic, over key ids: evaluated on bit masks of up
 * to 32 papers at once (bit p set = paper p has the key). `exact` when the mask is the
 * answer itself (plain words in the default fields or names, AND, OR, NOT of those),
 * so no per-paper check is needed.
 */
type Filter =
  | { kind: 'all'; ids: number[] }
  | { kind: 'and' | 'or'; children: Filter[] }
  | { kind: 'not'; child: Filter }
  | { kind: 'any' };
interface CompiledFilter {
  filter: Filter;
  exact: boolean;
}

const SCOPE_OF: Record<TermNode['field'], string> = {
  text: 'x',
  title: 't',
  keywords: 'k',
  abstract: 'x',
  author: 'a',
  org: 'o',
};

function runFilter(f: Filter, masks: Uint32Array, full: number): number {
  switch (f.kind) {
    case 'all': {
      let m = full;
      for (const id of f.ids) m &= masks[id]!;
      return m >>> 0;
    }
    case 'and': {
      let m = full;
      for (const c of f.children) {
        m &= runFilter(c, masks, full);
        if (!m) return 0;
      }
      return m >>> 0;
    }
    case 'or': {
      let m = 0;
      for (const c of f.children) m |= runFilter(c, masks, full);
      return m >>> 0;
    }
    case 'not':
      return (~runFilter(f.child, masks, full) & full) >>> 0;
    case 'any':
      return full;
  }
}

/**
 * Matches a day's papers against many subscriptions at once. Build it once per set of
 * subscriptions (compile each topic once); `match` can then run for every new day.
 * Results are identical to calling `entry.topic.match(paper)` for every pair.
 */
export class TopicIndex {
  readonly entries: readonly IndexEntry[];
  private readonly keys = new KeyTable();
  /** key id → groups indexed under it */
  private readonly postings: number[][] = [];
  /** The key ids present in each prepared paper (ids belong to this index) */
  private readonly paperIds = new WeakMap<PaperView, number[]>();
  /**
   * Subscriptions with the same topic text share one group and are matched once: many
   * people follow the same few topics ("llm agents"), so this is most of the work saved.
   */
  private readonly groups: { topic: IndexableTopic; filter: CompiledFilter | undefined }[] = [];
  /** Groups without a usable tree: checked one by one against every paper */
  private readonly unindexed: number[] = [];
  /** subscription id → its entries' groups (an id may be listed more than once) */
  private readonly groupsOfId = new Map<string, number[]>();

  constructor(entries: readonly IndexEntry[]) {
    this.entries = entries;
    const bySource = new Map<string, number>();
    for (const entry of entries) {
      const tree = entry.topic.tree;
      // Only topics with a tree are known to behave alike when their text is alike.
      const known = tree ? bySource.get(entry.topic.source) : undefined;
      const g = known ?? this.groups.length;
      const ofId = this.groupsOfId.get(entry.id);
      if (ofId) ofId.push(g);
      else this.groupsOfId.set(entry.id, [g]);
      if (known !== undefined) continue;
      const keys = tree ? indexKeys(tree)?.keys : undefined;
      if (!tree || !keys) {
        this.groups.push({ topic: entry.topic, filter: undefined });
        this.unindexed.push(g);
        continue;
      }
      bySource.set(entry.topic.source, g);
      this.groups.push({ topic: entry.topic, filter: this.compileFilter(tree) });
      // an OR may name one key twice: index the group once under it
      for (const id of new Set(keys.map((k) => this.idOf(k)))) this.postings[id]!.push(g);
    }
  }

  /** Number of distinct keys (for benchmarks and diagnostics). */
  get keyCount(): number {
    return this.keys.size;
  }

  private idOf(key: Key): number {
    const id = this.keys.id(key);
    while (this.postings.length <= id) this.postings.push([]);
    return id;
  }

  /** The ids of the keys a prepared paper has: `x` over title, abstract and keywords. */
  private idsOf(view: PaperView): number[] {
    let ids = this.paperIds.get(view);
    if (ids) return ids;
    ids = [];
    for (const field of [view.title, view.abstract, view.keywords]) this.keys.collect('x', field, ids);
    this.keys.collect('t', view.title, ids);
    this.keys.collect('k', view.keywords, ids);
    this.keys.collect('a', view.authors, ids);
    this.keys.collect('o', view.org, ids);
    this.paperIds.set(view, ids);
    return ids;
  }

  private compileFilter(node: TopicNode): CompiledFilter {
    switch (node.kind) {
      case 'term': {
        const named = node.field === 'author' || node.field === 'org';
        const tokens = named ? node.words : node.stems;
        const scope = SCOPE_OF[node.field];
        const ids =
          tokens.length === 1
            ? [this.idOf({ scope, word: tokens[0]! })]
            : tokens.slice(1).map((next, i) => this.idOf({ scope, word: tokens[i]!, next }));
        const all: Filter = { kind: 'all', ids };
        const filter: Filter =
          node.joined === undefined || named
            ? all
            : { kind: 'or', children: [all, { kind: 'all', ids: [this.idOf({ scope, word: node.joined })] }] };
        // abstract: has no keys of its own (it borrows x:), and 3+ word phrases are only
        // known to have each adjacent pair somewhere: those get checked paper by paper.
        return { filter, exact: tokens.length <= 2 && node.field !== 'abstract' };
      }
      case 'not': {
        const child = this.compileFilter(node.child);
        return child.exact
          ? { filter: { kind: 'not', child: child.filter }, exact: true }
          : { filter: { kind: 'any' }, exact: false };
      }
      default: {
        const children = node.children.map((c) => this.compileFilter(c));
        return {
          filter: { kind: node.kind, children: children.map((c) => c.filter) },
          exact: children.every((c) => c.exact),
        };
      }
    }
  }

  /**
   * subscription id → the papers it matches (in the order given) with why, for every
   * subscription that matches at least one paper, in entry order. `why` is worked out
   * on first read (most hits are never shown), then kept.
   */
  match(papers: readonly Paper[]): ReadonlyMap<string, readonly IndexHit[]> {
    const views = papers.map(viewOf);
    const chunks = Math.ceil(papers.length / 32);
    const masks = Array.from({ length: chunks }, () => new Uint32Array(this.keys.size));
    const candidate = new Uint8Array(this.groups.length);
    const keySeen = new Uint8Array(this.keys.size);
    views.forEach((view, p) => {
      const chunkMasks = masks[p >> 5]!;
      const bit = 1 << (p & 31);
      for (const id of this.idsOf(view)) {
        chunkMasks[id]! |= bit;
        if (keySeen[id]) continue;
        keySeen[id] = 1;
        for (const g of this.postings[id]!) candidate[g] = 1;
      }
    });
    for (const g of this.unindexed) candidate[g] = 1;

    const groupHits: (IndexHit[] | undefined)[] = new Array(this.groups.length);
    for (let g = 0; g < candidate.length; g++) {
      if (!candidate[g]) continue;
      const { topic, filter } = this.groups[g]!;
      let hits: IndexHit[] | undefined;
      for (let c = 0; c < chunks; c++) {
        const base = c * 32;
        const size = Math.min(32, papers.length - base);
        const full = size === 32 ? 0xffffffff : (1 << size) - 1;
        let m = filter ? runFilter(filter.filter, masks[c]!, full) : full;
        while (m) {
          const bit = 31 - Math.clz32(m & -m);
          m = (m & (m - 1)) >>> 0;
          const p = base + bit;
          const hit = this.check(topic, filter, papers[p]!, views[p]!);
          if (hit) (hits ??= []).push(hit);
        }
      }
      groupHits[g] = hits;
    }

    return new IndexResult(this.groupsOfId, groupHits);
  }

  private check(
    topic: IndexableTopic,
    compiled: CompiledFilter | undefined,
    paper: Paper,
    view: PaperView,
  ): IndexHit | undefined {
    const tree = topic.tree;
    if (!tree || !compiled) {
      const m = topic.match(paper);
      return m.matched ? { paper, why: m.why } : undefined;
    }
    return compiled.exact || matches(tree, view) ? new LazyHit(paper, tree, view) : undefined;
  }
}
