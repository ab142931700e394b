/**
 * Many subscriptions × one day's papers, without trying every pair.
 *
 * Every compiled topic has a set of *index keys*: terms of which at least one must be in
 * a paper for the topic to match (for a term: its rarest word, plus the joined form of a
 * hyphenated pair; for AND: the keys of its cheapest child; for OR: the keys of all its
 * children; NOT gives none — the parser guarantees every topic has a positive part).
 * The index maps key → subscriptions. For a day, the papers' own tokens are looked up
 * in that map; only the subscriptions found are verified, with the same `evaluate` that
 * CompiledTopic.match uses, and only against the papers that contain one of their keys.
 * So the index gives exactly what one-by-one matching gives, only faster.
 */
import type { Paper } from '../papers/paper.js';
import type { TermNode, TopicNode } from './parser.js';
import type { MatchReason, PaperView } from './match.js';
import { evaluate, tidyReasons, viewOf } from './match.js';
import { commonWordShares } from './common-words.js';
import { stem } from './normalize.js';

/** What the index needs from a compiled topic (CompiledTopic from compileTopic has it). */
export interface IndexableTopic {
  readonly source: string;
  match(paper: Paper): { matched: boolean; why: MatchReason[] };
  /** The syntax tree; topics without one are matched one by one against every paper */
  readonly tree?: TopicNode;
}

/** A subscription to index: its id (unique) and its compiled topic. */
export interface IndexEntry { id: string; topic: IndexableTopic }

/** One paper a subscription matched, and why. */
export interface IndexHit { paper: Paper; why: MatchReason[] }

let shares: Map<string, number> | undefined;
/** Estimated share of papers containing a key: common words cost more as index keys. */
function keyCost(key: string): number {
  shares ??= commonWordShares(stem);
  if (key.startsWith('x:')) return shares.get(key.slice(2)) ?? 0.002;
  // Short name parts ("li", "wang", "ai") are common across authors and organisations.
  return key.length <= 6 ? 0.02 : 0.004;
}

interface Keys { keys: string[]; cost: number }

function termKeys(term: TermNode): Keys {
  const named = term.field === 'author' || term.field === 'org';
  const prefix = term.field === 'author' ? 'a:' : term.field === 'org' ? 'o:' : 'x:';
  let best = '';
  let bestCost = Infinity;
  for (const token of named ? term.words : term.stems) {
    const cost = keyCost(prefix + token);
    if (cost < bestCost) { best = prefix + token; bestCost = cost; }
  }
  if (term.joined === undefined || named) return { keys: [best], cost: bestCost };
  const joined = 'x:' + term.joined;
  return { keys: [best, joined], cost: bestCost + keyCost(joined) };
}

/** Keys of which at least one occurs in every paper the node matches; undefined for NOT. */
export function indexKeys(node: TopicNode): Keys | undefined {
  switch (node.kind) {
    case 'term': return termKeys(node);
    case 'not': return undefined;
    case 'and': {
      let best: Keys | undefined;
      for (const child of node.children) {
        const k = indexKeys(child);
        if (k && (!best || k.cost < best.cost)) best = k;
      }
      return best;
    }
    case 'or': {
      const keys: string[] = [];
      let cost = 0;
      for (const child of node.children) {
        const k = indexKeys(child);
        if (!k) return undefined;
        keys.push(...k.keys);
        cost += k.cost;
      }
      return { keys: [...new Set(keys)], cost };
    }
  }
}

/** The index keys present in one paper. */
function paperKeys(view: PaperView): Set<string> {
  const keys = new Set<string>();
  for (const field of [view.title, view.abstract, view.keywords]) for (const t of field.set) keys.add('x:' + t);
  for (const t of view.authors.set) keys.add('a:' + t);
  for (const t of view.org.set) keys.add('o:' + t);
  return keys;
}

/**
 * Matches a day's papers against many subscriptions at once. Build it once per set of
 * subscriptions (compile each topic once); `match` can then run for every new day.
 * Results are identical to calling `entry.topic.match(paper)` for every pair.
 */
export class TopicIndex {
  readonly entries: readonly IndexEntry[];
  private readonly postings = new Map<string, number[]>();
  private readonly entryKeys: (string[] | undefined)[] = [];
  /** Entries without a usable tree: checked against every paper */
  private readonly unindexed: number[] = [];

  constructor(entries: readonly IndexEntry[]) {
    this.entries = entries;
    entries.forEach((entry, i) => {
      const keys = entry.topic.tree ? indexKeys(entry.topic.tree)?.keys : undefined;
      this.entryKeys.push(keys);
      if (!keys) { this.unindexed.push(i); return; }
      for (const key of keys) {
        const list = this.postings.get(key);
        if (list) list.push(i); else this.postings.set(key, [i]);
      }
    });
  }

  /** Number of distinct index keys (for benchmarks and diagnostics). */
  get keyCount(): number { return this.postings.size; }

  /**
   * subscription id → the papers it matches (in the order given) with why, for every
   * subscription that matches at least one paper.
   */
  match(papers: readonly Paper[]): Map<string, IndexHit[]> {
    const views = papers.map(viewOf);
    // key → indexes of the papers containing it
    const dayKeys = new Map<string, number[]>();
    views.forEach((view, p) => {
      for (const key of paperKeys(view)) {
        const list = dayKeys.get(key);
        if (list) list.push(p); else dayKeys.set(key, [p]);
      }
    });

    const candidate = new Uint8Array(this.entries.length);
    const candidates: number[] = [];
    for (const key of dayKeys.keys()) {
      const subs = this.postings.get(key);
      if (!subs) continue;
      for (const s of subs) if (!candidate[s]) { candidate[s] = 1; candidates.push(s); }
    }
    candidates.push(...this.unindexed);
    candidates.sort((a, b) => a - b); // results in entry order, whatever the keys' order

    const result = new Map<string, IndexHit[]>();
    const paperMark = new Uint32Array(papers.length);
    let stamp = 0;
    for (const s of candidates) {
      const entry = this.entries[s]!;
      const keys = this.entryKeys[s];
      stamp++;
      if (keys) for (const key of keys) for (const p of dayKeys.get(key) ?? []) paperMark[p] = stamp;
      for (let p = 0; p < papers.length; p++) {
        if (keys && paperMark[p] !== stamp) continue;
        const tree = entry.topic.tree;
        const why = tree ? evaluate(tree, views[p]!) : undefined;
        const hit = tree ? (why ? { paper: papers[p]!, why: tidyReasons(why) } : undefined) : this.matchForeign(entry, papers[p]!);
        if (!hit) continue;
        const list = result.get(entry.id);
        if (list) list.push(hit); else result.set(entry.id, [hit]);
      }
    }
    return result;
  }

  private matchForeign(entry: IndexEntry, paper: Paper): IndexHit | undefined {
    const m = entry.topic.match(paper);
    return m.matched ? { paper, why: m.why } : undefined;
  }
}
