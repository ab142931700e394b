export { PaperSearchIndex, type PaperSearchOptions } from './paper-search-index.js';
export { indexFetchedPapers, warmSearchIndex } from './indexing-source.js';
export { parseSearchQuery, type SearchQuery } from './search-query.js';
