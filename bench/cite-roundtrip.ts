/**
 * Every corpus paper's BibTeX, read back by an independent parser
 * (@retorquere/bibtex-parser): how many entries fail to parse, and how many give back a
 * different title, author list or eprint. A correctness check over the whole corpus
 * (the tests run the same check on a 701-paper subset); not timed.
 *
 *   node --import tsx bench/cite-roundtrip.ts
 */
import { parse, type Creator } from '@retorquere/bibtex-parser';
import { toBibtex } from '../src/cite/index.js';
import { loadCorpus } from './lib/corpus.js';

const display = (c: Creator): string =>
  c.name ?? [c.firstName, c.prefix, c.lastName, c.suffix].filter(Boolean).join(' ');
const papers = await loadCorpus();
let errors = 0;
let mismatches = 0;
const examples: string[] = [];
for (let i = 0; i < papers.length; i += 500) {
  const batch = papers.slice(i, i + 500);
  const lib = parse(toBibtex(batch).text, { english: false });
  errors += lib.errors.length;
  lib.entries.forEach((e, j) => {
    const p = batch[j]!;
    const same =
      e.fields.title === p.title &&
      JSON.stringify((e.fields.author ?? []).map(display)) === JSON.stringify(p.authors.filter((a) => a.trim())) &&
      e.fields.eprint === p.id;
    if (!same) {
      mismatches++;
      if (examples.length < 5) examples.push(`${p.id}: ${p.title}`);
    }
  });
}
process.stdout.write(
  `${papers.length} papers: ${errors} parse errors, ${mismatches} entries with a different title, author list or eprint\n${examples.join('\n')}\n`,
);
