import MiniSearch, { type Options } from 'minisearch';
import { TokenTable } from './token-table.js';

/**
 * Builds a whole minisearch index in one pass.
 *
 * Why: `MiniSearch.add` walks its radix tree and updates a posting once per token
 * occurrence: 4 million tokens for the 20,000-paper corpus, most of a 6–7 s build. Here
 * tokens become small integers (token-table.ts), each distinct token of a field is
 * analysed once, term counts are gathered per document in flat arrays, and the radix
 * tree gets one insertion per distinct term (about 50,000) instead of one per occurrence.
 *
 * How: minisearch declares its index state `protected` so that subclasses may fill it;
 * `PreparedMiniSearch` sets it once, in the shapes `MiniSearch.loadJS` itself builds
 * (loadJS would need every posting as an object with numeric keys, which V8 makes and
 * reads back 2–3× slower than the Maps it ends up as). After that it is an ordinary
 * MiniSearch: add, replace, discard and search work as usual.
 *
 * The result is the index `add` would build, score for score: the same field lengths
 * (minisearch counts distinct *raw* tokens per field, stop words included), the same
 * running average of them, the same term frequencies. test/search/bulk-index.test.ts
 * checks this against documents added one by one, so a minisearch upgrade that changed
 * these shapes would fail there.
 *
 * `processTerm(token, field)` must be a pure function of its arguments (it is called
 * once per distinct token and field) and return a single term or a falsy value.
 */
export interface BulkAnalysis {
  processTerm: (token: string, field: string) => string | null | undefined | false;
  /** Called after each field of each document with its tokens: `table.ids[0 .. count)`. */
  onField?: (docIndex: number, field: string, table: TokenTable, count: number) => void;
}

/** No term id yet assigned to a token in a field. */
const UNSEEN = -2;
/** A token that processTerm drops in this field. */
const DROPPED = -1;

/**
 * An index of `docs` (ids `doc.id`, fields `options.fields`), with tokens cut as
 * text.ts's `tokenize` does (which must be `options.tokenize`) and terms as `analysis`
 * says.
 */
export function loadBulk<T extends { id: string }>(
  docs: readonly T[],
  analysis: BulkAnalysis,
  options: Options<T>,
): MiniSearch<T> {
  const build = new BulkBuild(options.fields, analysis);
  for (let shortId = 0; shortId < docs.length; shortId++) build.addDocument(shortId, docs[shortId]!);
  return new PreparedMiniSearch<T>(options, build.prepared());
}

/**
 * The state of one bulk build, filled document by document.
 * (All arrays grow by push, never by writing past the end: V8 keeps them as packed
 * small-integer arrays instead of falling back to dictionaries.)
 */
class BulkBuild {
  private readonly table = new TokenTable();
  /** Per field, token id → term id (or DROPPED / UNSEEN). */
  private readonly termOfToken: number[][];
  /** Per token, the last field occurrence that counted it (distinct raw tokens without a Set per field). */
  private readonly tokenStamp: number[] = [];
  // Terms: id → text, per-field-occurrence counts (stamped), postings per field.
  private readonly termIdOf = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly termStamp: number[] = [];
  private readonly termCount: number[] = [];
  /** Per field, per term: document id → count. */
  private readonly postings: (Map<number, number> | undefined)[][];
  /** The terms of the field being counted. */
  private readonly touched: number[] = [];
  private stamp = 0;

  private readonly documentIds = new Map<number, string>();
  private readonly fieldLength = new Map<number, number[]>();
  private readonly averageFieldLength: number[];

  constructor(
    private readonly fields: readonly string[],
    private readonly analysis: BulkAnalysis,
  ) {
    this.termOfToken = fields.map(() => []);
    this.postings = fields.map(() => []);
    this.averageFieldLength = fields.map(() => 0);
  }

  addDocument(shortId: number, doc: { id: string }): void {
    this.documentIds.set(shortId, doc.id);
    const lengths: number[] = [];
    for (let fieldId = 0; fieldId < this.fields.length; fieldId++) {
      const value = (doc as unknown as Record<string, unknown>)[this.fields[fieldId]!];
      if (value == null) continue; // as add(): no length, no terms
      const distinct = this.addField(shortId, fieldId, String(value));
      lengths[fieldId] = distinct;
      // The same running average as add(), so scores match to the last bit.
      const average = this.averageFieldLength;
      average[fieldId] = (average[fieldId]! * shortId + distinct) / (shortId + 1);
    }
    this.fieldLength.set(shortId, lengths);
  }

  /** One field of one document into the postings; returns its distinct raw token count. */
  private addField(shortId: number, fieldId: number, text: string): number {
    const count = this.table.scan(text);
    this.growTokenArrays();
    this.analysis.onField?.(shortId, this.fields[fieldId]!, this.table, count);
    const distinct = this.countTerms(fieldId, count);
    const termDocs = this.postings[fieldId]!;
    for (const termId of this.touched) (termDocs[termId] ??= new Map()).set(shortId, this.termCount[termId]!);
    return distinct;
  }

  /** New tokens of the last scan get their per-token slots. */
  private growTokenArrays(): void {
    while (this.tokenStamp.length < this.table.tokens.length) {
      this.tokenStamp.push(0);
      for (const termOf of this.termOfToken) termOf.push(UNSEEN);
    }
  }

  /**
   * Counts the terms of the scanned field into `termCount` (listing them in `touched`)
   * and returns how many distinct raw tokens it has. The hot loop of the build: locals,
   * flat arrays and one stamp instead of clearing anything per field.
   */
  private countTerms(fieldId: number, count: number): number {
    const { tokenStamp, termStamp, termCount, touched } = this;
    const { ids, tokens } = this.table;
    const termOf = this.termOfToken[fieldId]!;
    const field = this.fields[fieldId]!;
    const stamp = ++this.stamp;
    let distinct = 0;
    touched.length = 0;
    for (let k = 0; k < count; k++) {
      const tokenId = ids[k]!;
      if (tokenStamp[tokenId] !== stamp) {
        tokenStamp[tokenId] = stamp;
        distinct++;
      }
      let termId = termOf[tokenId]!;
      if (termId === UNSEEN)
        termId = termOf[tokenId] = this.termIdFor(this.analysis.processTerm(tokens[tokenId]!, field));
      if (termId === DROPPED) continue;
      if (termStamp[termId] !== stamp) {
        termStamp[termId] = stamp;
        termCount[termId] = 1;
        touched.push(termId);
      } else termCount[termId]!++;
    }
    return distinct;
  }

  private termIdFor(term: string | null | undefined | false): number {
    if (!term) return DROPPED;
    let id = this.termIdOf.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIdOf.set(term, id);
      this.terms.push(term);
      this.termStamp.push(0);
      this.termCount.push(0);
      for (const termDocs of this.postings) termDocs.push(undefined);
    }
    return id;
  }

  /** The index state in the shapes MiniSearch keeps it in. */
  prepared(): Prepared {
    const index = this.terms.map((term, termId): [string, Map<number, Map<number, number>>] => {
      const data = new Map<number, Map<number, number>>();
      this.postings.forEach((termDocs, fieldId) => {
        const docs = termDocs[termId];
        if (docs) data.set(fieldId, docs);
      });
      return [term, data];
    });
    const { documentIds, fieldLength, averageFieldLength } = this;
    return { documentIds, fieldLength, averageFieldLength, index };
  }
}

interface Prepared {
  documentIds: Map<number, string>;
  fieldLength: Map<number, number[]>;
  averageFieldLength: number[];
  index: [string, Map<number, Map<number, number>>][];
}

/** A MiniSearch whose (protected) index state starts out filled; see the top of the file. */
class PreparedMiniSearch<T> extends MiniSearch<T> {
  constructor(options: Options<T>, prepared: Prepared) {
    super(options);
    this._documentCount = prepared.documentIds.size;
    this._nextId = prepared.documentIds.size;
    this._documentIds = prepared.documentIds;
    for (const [shortId, id] of prepared.documentIds) this._idToShortId.set(id, shortId);
    this._fieldLength = prepared.fieldLength;
    this._avgFieldLength = prepared.averageFieldLength;
    for (const [term, data] of prepared.index) this._index.set(term, data);
  }
}
