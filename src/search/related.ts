import type { PaperSearchIndex } from './paper-search-index.js';
import { TfIdfModel } from './similarity.js';

/**
 * The tf-idf model over the search index's papers, rebuilt only when the index changed
 * (its revision moved), so repeated `/papers similar` calls cost a lookup, not a build.
 */
const models = new WeakMap<PaperSearchIndex, { revision: number; model: TfIdfModel }>();

export function similarityModel(index: PaperSearchIndex): TfIdfModel {
  const cached = models.get(index);
  if (cached && cached.revision === index.revision) return cached.model;
  const model = TfIdfModel.build([...index.papers()]);
  models.set(index, { revision: index.revision, model });
  return model;
}
