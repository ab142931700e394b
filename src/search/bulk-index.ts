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
  const fields = options.fields;
  const table = new TokenTable();
  // Per field, token id → term id (or DROPPED); per token the last field occurrence that
  // counted it (to count distinct raw tokens, as add() does, without a Set per field).
  // (All arrays grow by push, never by writing past the end: V8 keeps them as packed
  // small-integer arrays instead of falling back to dictionaries.)
  const termOfToken: number[][] = fields.map(() => []);
  const tokenStamp: number[] = [];

  // Terms: id → text, per-document counts (stamped), postings per field.
  const termIdOf = new Map<string, number>();
  const terms: string[] = [];
  const termStamp: number[] = [];
  const termCount: number[] = [];
  /** Per field, per term: document id → count. */
  const postings: (Map<number, number> | undefined)[][] = fields.map(() => []);

  const documentIds = new Map<number, string>();
  const fieldLength = new Map<number, number[]>();
  const averageFieldLength: number[] = fields.map(() => 0);
  const touched: number[] = [];
  let stamp = 0;

  for (let shortId = 0; shortId < docs.length; shortId++) {
    const doc = docs[shortId]!;
    documentIds.set(shortId, doc.id);
    const lengths: number[] = [];
    for (let fieldId = 0; fieldId < fields.length; fieldId++) {
      const field = fields[fieldId]!;
      const value = (doc as unknown as Record<string, unknown>)[field];
      if (value == null) continue; // as add(): no length, no terms
      const count = table.scan(String(value));
      while (tokenStamp.length < table.tokens.length) {
        tokenStamp.push(0);
        for (const termOf of termOfToken) termOf.push(UNSEEN);
      }
      analysis.onField?.(shortId, field, table, count);
      const ids = table.ids;
      const termOf = termOfToken[fieldId]!;
      stamp++;
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
          termId = termOf[tokenId] = termIdFor(analysis.processTerm(table.tokens[tokenId]!, field));
        if (termId === DROPPED) continue;
        if (termStamp[termId] !== stamp) {
          termStamp[termId] = stamp;
          termCount[termId] = 1;
          touched.push(termId);
        } else termCount[termId]!++;
      }
      const termDocs = postings[fieldId]!;
      for (const termId of touched) (termDocs[termId] ??= new Map()).set(shortId, termCount[termId]!);
      lengths[fieldId] = distinct;
      // The same running average as add(), so scores match to the last bit.
      averageFieldLength[fieldId] = (averageFieldLength[fieldId]! * shortId + distinct) / (shortId + 1);
    }
    fieldLength.set(shortId, lengths);
  }

  function termIdFor(term: string | null | undefined | false): number {
    if (!term) return DROPPED;
    let id = termIdOf.get(term);
    if (id === undefined) {
      id = terms.length;
      termIdOf.set(term, id);
      terms.push(term);
      termStamp.push(0);
      termCount.push(0);
      for (const termDocs of postings) termDocs.push(undefined);
    }
    return id;
  }

  const index = terms.map((term, termId): [string, Map<number, Map<number, number>>] => {
    const data = new Map<number, Map<number, number>>();
    postings.forEach((termDocs, fieldId) => {
      const docs = termDocs[termId];
      if (docs) data.set(fieldId, docs);
    });
    return [term, data];
  });
  return new PreparedMiniSearch<T>(options, { documentIds, fieldLength, averageFieldLength, index });
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
