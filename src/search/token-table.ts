import { tokenize } from './text.js';

/**
 * Cuts text into tokens exactly as `tokenize` (text.ts) does, but hands back a small
 * integer per distinct token instead of a new string per occurrence.
 *
 * Why: building the index over 20,000 abstracts meets 4 million tokens but only about
 * 60,000 distinct ones. Making a string for each and looking it up in a Map cost ~1.4 s
 * of a build here; scanning character codes with a running hash and an open-addressing
 * table only makes a string the first time a token is seen.
 *
 * Plain ASCII text (nearly all of it) is scanned here; anything else goes through
 * `tokenize` (accent folding, Unicode letters) and is then looked up the same way.
 */
export class TokenTable {
  /** Token id → token. */
  readonly tokens: string[] = [];
  /** The ids of the last `scan`, `ids[0 .. count)`. */
  ids = new Int32Array(1024);
  readonly #hashes: number[] = [];
  /** Open addressing: token id + 1, 0 for empty. */
  #slots = new Int32Array(1 << 16);
  #mask = (1 << 16) - 1;

  /** Cuts `text` into tokens; their ids are in `ids[0 .. returned count)`. */
  scan(text: string): number {
    const n = text.length;
    if (this.ids.length < (n >> 1) + 1) this.ids = new Int32Array((n >> 1) + 1024);
    const ids = this.ids;
    let count = 0;
    let i = 0;
    // One pass over the raw text: lower-cases as it goes, and gives up for the Unicode
    // path at the first character outside printable ASCII (tokenize's own test).
    while (i < n) {
      let c = lower(text.charCodeAt(i));
      if (!isAlnum(c)) {
        if (c > 126 || (c < 32 && c !== 9 && c !== 10 && c !== 13)) return this.#scanTokens(tokenize(text));
        i++;
        continue;
      }
      // [a-z0-9]+(?:\.[0-9]+)* as in text.ts: a dot continues a token only before a digit.
      const start = i;
      let h = FNV_OFFSET;
      do {
        h = Math.imul(h ^ c, FNV_PRIME);
        c = ++i < n ? lower(text.charCodeAt(i)) : -1;
      } while (isAlnum(c));
      while (c === DOT && i + 1 < n && isDigit(text.charCodeAt(i + 1))) {
        h = Math.imul(h ^ c, FNV_PRIME);
        c = text.charCodeAt(++i);
        do {
          h = Math.imul(h ^ c, FNV_PRIME);
          c = ++i < n ? text.charCodeAt(i) : -1;
        } while (isDigit(c));
      }
      ids[count++] = this.#find(text, start, i, h);
    }
    return count;
  }

  #scanTokens(tokens: string[]): number {
    if (this.ids.length < tokens.length) this.ids = new Int32Array(tokens.length + 1024);
    for (let k = 0; k < tokens.length; k++) {
      const token = tokens[k]!;
      let h = FNV_OFFSET;
      for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), FNV_PRIME);
      this.ids[k] = this.#find(token, 0, token.length, h);
    }
    return tokens.length;
  }

  /** The id of `s[start, end)`, added if new. */
  #find(s: string, start: number, end: number, h: number): number {
    for (let slot = h & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const entry = this.#slots[slot]!;
      if (entry === 0) break;
      const id = entry - 1;
      if (this.#hashes[id] === h && sameRange(this.tokens[id]!, s, start, end)) return id;
    }
    const id = this.tokens.length;
    // Tokens are lower case; `s` may not be (ASCII text is lowered while scanning).
    this.tokens.push((start === 0 && end === s.length ? s : s.slice(start, end)).toLowerCase());
    this.#hashes.push(h);
    if (this.tokens.length * 2 > this.#slots.length) this.#grow();
    else this.#place(id);
    return id;
  }

  #place(id: number): void {
    let slot = this.#hashes[id]! & this.#mask;
    while (this.#slots[slot] !== 0) slot = (slot + 1) & this.#mask;
    this.#slots[slot] = id + 1;
  }

  #grow(): void {
    this.#slots = new Int32Array(this.#slots.length * 2);
    this.#mask = this.#slots.length - 1;
    for (let id = 0; id < this.tokens.length; id++) this.#place(id);
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const DOT = 46;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** ASCII upper case → lower case; any other code unchanged. */
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

function sameRange(token: string, s: string, start: number, end: number): boolean {
  if (token.length !== end - start) return false;
  for (let i = 0; i < token.length; i++) if (token.charCodeAt(i) !== lower(s.charCodeAt(start + i))) return false;
  return true;
}
