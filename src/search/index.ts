export { PaperSearchIndex, type PaperSearchOptions } from './paper-search-index.js';
export { indexFetchedPapers, warmSearchIndex } from './indexing-source.js';
