/**
 * "Did you mean …?" for short words (command names). Typos are counted the way people
 * make them: a swapped pair of neighbouring letters ("todya") is one slip, like a missing,
 * extra or wrong letter (Damerau–Levenshtein, optimal string alignment). Work is bounded:
 * words longer than MAX_WORD are not compared at all, and each comparison stops beyond
 * the slips a word of its length may have.
 */
const MAX_WORD = 64;

/**
 * How many slips a word of this length may have and still be "meant": none for one
 * or two letters (too little to go on), one up to five letters ("serch", "todya", "wek"),
 * two up to eight, three beyond.
 */
export function allowedSlips(length: number): number {
  if (length <= 2) return 0;
  if (length <= 5) return 1;
  return length <= 8 ? 2 : 3;
}

/**
 * The candidate the word most likely means, or undefined: the one unique candidate it
 * begins (3+ letters: "yest" → yesterday), else the nearest within `allowedSlips`
 * (the earlier candidate wins a tie).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (!word || word.length > MAX_WORD) return undefined;
  const lower = word.toLowerCase();
  const exact = candidates.find((c) => c.toLowerCase() === lower);
  if (exact) return exact;
  if (lower.length >= 3) {
    const starts = candidates.filter((c) => c.toLowerCase().startsWith(lower));
    if (starts.length === 1) return starts[0];
  }
  let best: string | undefined;
  const slips = allowedSlips(lower.length);
  let bestDistance = slips + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), slips);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Work done by a suggestion, in edit-distance cells, for callers that want to know
 * (tests prove the work is bounded by counting instead of timing).
 */
export interface WorkMeter {
  cells: number;
}

/**
 * Edit distance where a missing, extra or wrong letter and a swap of two neighbouring
 * letters each cost 1 (optimal string alignment), if it is at most `max`; else `max + 1`.
 * The one edit distance of the bot: command names and time zones both use it.
 *
 * Bounded work: only the diagonal band of width 2·max+1 is computed, and a row whose
 * best cell already exceeds `max` ends it, so the cost is O(length × max), never
 * O(length²). (A row of the band above `max` cannot come back under it: a swap reaches
 * back two rows, but costs at least what the substitution one row back did.) Without
 * `max` the distance is exact.
 */
export function editDistance(a: string, b: string, max = Math.max(a.length, b.length), meter?: WorkMeter): number {
  const over = max + 1;
  if (Math.abs(a.length - b.length) > max) return over;
  // Three rows, rotated: the one before the previous is needed for swaps. Cells outside
  // the band stay `over` (they cannot be within max).
  let before = new Int32Array(b.length + 1).fill(over);
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j <= max ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    cur.fill(over);
    cur[0] = i <= max ? i : over;
    let rowBest = cur[0]!;
    const ch = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ch === b.charCodeAt(j - 1) ? 0 : 1), over);
      if (i > 1 && j > 1 && ch === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, before[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowBest) rowBest = v;
    }
    if (meter) meter.cells += to - from + 1;
    if (rowBest > max) return over;
    [before, prev, cur] = [prev, cur, before];
  }
  return Math.min(prev[b.length]!, over);
}
