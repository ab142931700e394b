/** Levenshtein distance, bounded work for short words (command names, time zones). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within a third of the word's length, for "did you mean …?". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (!word || word.length > 64) return undefined;
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
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
 * Levenshtein distance if it is at most `max`, else `max + 1`. Only the diagonal band
 * of width 2·max+1 is computed, and a row whose best cell already exceeds `max` ends
 * it: the cost is O(length × max), never O(length²).
 */
export function boundedEditDistance(a: string, b: string, max: number, meter?: WorkMeter): number {
  const over = max + 1;
  if (Math.abs(a.length - b.length) > max) return over;
  // Two rows, swapped; cells outside the band stay `over` (they cannot be within max).
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
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ch === b.charCodeAt(j - 1) ? 0 : 1), over);
      cur[j] = v;
      if (v < rowBest) rowBest = v;
    }
    if (meter) meter.cells += to - from + 1;
    if (rowBest > max) return over;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[b.length]!, over);
}
