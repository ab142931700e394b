export { bibtexEntry, bibtexName, toBibtex } from './bibtex.js';
export { asciiFold, citationKey, citationYear, uniqueKeys } from './keys.js';
export { escapeLatex, latexTitle } from './latex.js';
export { splitName, type SplitName } from './names.js';
export type { CitablePaper } from './paper.js';
export { risName, risRecord, toRis } from './ris.js';
