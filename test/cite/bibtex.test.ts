import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type Creator, type Entry } from '@retorquere/bibtex-parser';
import { describe, expect, it } from 'vitest';
import { citationKey, toBibtex, type CitablePaper } from '../../src/cite/index.js';
import { fixturePapers } from '../slack/harness.js';

/**
 * BibTeX checked by an independent parser (@retorquere/bibtex-parser, the one Better
 * BibTeX for Zotero uses): it must read every entry without an error, and give back the
 * title, the authors and the eprint exactly as Hugging Face had them.
 */
const subset: CitablePaper[] = readFileSync(
  fileURLToPath(new URL('../fixtures/cite/corpus-subset.jsonl', import.meta.url)),
  'utf8',
)
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as CitablePaper)
  .map((p) => ({ ...p, title: p.title.replace(/\s+/g, ' ').trim(), publishedAt: p.publishedAt ?? '' }));

const paper = (over: Partial<CitablePaper>): CitablePaper => ({
  id: '2607.16617',
  title: 'EnvHarness: A Test',
  authors: ['Wei Huang'],
  publishedAt: '2026-07-18T00:00:00.000Z',
  ...over,
});

/** The parser without sentence-casing, so titles come back as written. */
const read = (text: string) => parse(text, { english: false });
const display = (c: Creator): string =>
  c.name ?? [c.firstName, c.prefix, c.lastName, c.suffix].filter(Boolean).join(' ');

function expectRoundTrip(papers: readonly CitablePaper[]): Entry[] {
  const { text, keys } = toBibtex(papers);
  const lib = read(text);
  expect(lib.errors).toEqual([]);
  expect(lib.entries.map((e) => e.key)).toEqual(keys);
  lib.entries.forEach((e, i) => {
    const p = papers[i]!;
    expect(e.type).toBe('misc');
    expect(e.fields.title).toBe(p.title);
    expect((e.fields.author ?? []).map(display)).toEqual(p.authors.map((a) => a.replace(/\s+/g, ' ').trim()));
    expect(e.fields.eprint).toBe(p.id);
    expect(e.fields.archiveprefix).toBe('arXiv');
    expect(e.fields.url).toBe(`https://arxiv.org/abs/${p.id}`);
  });
  return lib.entries;
}

describe('BibTeX export', () => {
  it('writes the arXiv-style @misc entry', () => {
    const { text, keys } = toBibtex([paper({ primaryClass: 'cs.CL' })]);
    expect(keys).toEqual(['huang2026envharness']);
    expect(text).toBe(
      [
        '@misc{huang2026envharness,',
        '  title = {{EnvHarness}: A Test},',
        '  author = {Huang, Wei},',
        '  year = {2026},',
        '  eprint = {2607.16617},',
        '  archivePrefix = {arXiv},',
        '  primaryClass = {cs.CL},',
        '  url = {https://arxiv.org/abs/2607.16617},',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('leaves primaryClass out when the category is not known', () => {
    const [entry] = expectRoundTrip([paper({})]);
    expect(entry!.fields.primaryclass).toBeUndefined();
  });

  it.each([
    ['&', 'Q&A & RAG: 50% of $5 for #1 in a_b'],
    ['braces', 'Sets {x, y} and {} with a lone { and }'],
    ['backslash, ~ and ^', 'C:\\path ~ approx x^2 and \\textsc{AIEV}'],
    ['math', '$\\nabla^2$DFT and $μ$LO: $L_2$ norms'],
    ['< > |', 'LMK > CLS, <think> tags and |x| bars'],
    ['ligatures', "CRAG -- a benchmark --- with ``quotes'' and ?` !`"],
    ['accents', 'Über Åsa’s naïve café — Ørsted, Łódź and 中文标题'],
  ])('keeps a title with %s exactly', (_, title) => {
    expectRoundTrip([paper({ title })]);
  });

  it.each([
    ['accents', ['Jürgen Müller', 'José María García-López', 'Łukasz Kaiser', 'Zoë Ørsted']],
    ['particles', ['Ludwig van Beethoven', 'Anna van der Berg', 'Giulia de la Cruz', 'Ahmad bin Yusuf']],
    ['suffixes', ['Hal Daumé III', 'Anton Phillips Jr.', 'Martin Luther King Jr.']],
    ['one word and teams', ['Prafulla', 'Qwen Team', 'Team Hunyuan3D', 'GLM-4.5 Team', 'DeepSeek-AI']],
    ['odd characters', ['Ann & Bob', 'Jo_Ann 100%', 'Pat {Lee}', 'Sam And Andrews', 'Wen, Li', '张伟']],
  ])('keeps authors with %s exactly', (_, authors) => {
    expectRoundTrip([paper({ authors })]);
  });

  it('protects acronyms and inner capitals from styles that lower-case titles', () => {
    const title = 'A LLM Benchmark for GPT-4o, 3D Scenes and DataFlow (Q&A)';
    const { text } = toBibtex([paper({ title })]);
    expect(text).toContain('{LLM}');
    expect(text).toContain('{GPT-4o},');
    expect(text).toContain('({Q\\&A})');
    // Sentence-cased the way English styles do it, the protected words keep their case.
    const sentence = parse(text).entries[0]!.fields.title;
    for (const word of ['LLM', 'GPT-4o', '3D', 'DataFlow', 'Q&A']) expect(sentence).toContain(word);
    expect(sentence).toContain('benchmark');
  });

  it('makes keys from family name, year and first significant title word, ASCII only', () => {
    const key = (over: Partial<CitablePaper>) => citationKey(paper(over));
    expect(key({ authors: ['Jürgen Müller'], title: 'The Power of Scale' })).toBe('muller2026power');
    expect(key({ authors: ['Łukasz Kaiser'], title: 'On 3D Gaussian Splatting' })).toBe('kaiser20263dgaussian');
    expect(key({ authors: ['Anna van der Berg'], title: 'Ölgemälde' })).toBe('berg2026olgemalde');
    expect(key({ authors: [], title: 'Untitled' })).toBe('anon2026untitled');
    expect(key({ authors: ['张伟'], id: 'hep-th/9901001', publishedAt: '1999-01-04' })).toBe('anon1999envharness');
  });

  it('dedupes keys within one export with a, b, … and cites a repeated id once', () => {
    const papers = ['2607.00001', '2607.00002', '2607.00003'].map((id) => paper({ id }));
    const { keys, text } = toBibtex([...papers, papers[0]!]);
    expect(keys).toEqual(['huang2026envharness', 'huang2026envharnessa', 'huang2026envharnessb']);
    expect(read(text).entries).toHaveLength(3);
  });

  it('round-trips every paper of the recorded Hugging Face days', () => {
    const days = ['2024-05-27', '2024-10-25', '2025-03-17', '2025-10-03', '2026-05-13', '2026-07-22'];
    expectRoundTrip(days.flatMap((d) => fixturePapers(d)));
  });

  it(`round-trips ${subset.length} corpus papers chosen for hard titles and names, with unique ASCII keys`, () => {
    const entries = expectRoundTrip(subset);
    const keys = entries.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toMatch(/^[a-z0-9]+$/);
  });
});
