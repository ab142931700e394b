import { describe, expect, it } from 'vitest';
import { compileTopic, formatWhy, type MatchReason } from '../../src/topics/index.js';
import type { Paper } from '../../src/papers/paper.js';
import { paper, sampleById, samplePapers } from './helpers.js';

const why = (topic: string, p: Paper): MatchReason[] | undefined => {
  const m = compileTopic(topic).match(p);
  expect(m.matched).toBe(m.why.length > 0);
  return m.matched ? m.why : undefined;
};
const line = (topic: string, p: Paper): string | undefined => {
  const w = why(topic, p);
  return w && formatWhy(w);
};

describe('matching real abstracts (fixtures/corpus-sample.jsonl)', () => {
  const sample = samplePapers();
  /** Papers selected for a tag ("general") or a tag family ("generaliz:") */
  const by = (tag: string): Paper[] =>
    sample
      .filter((s) => (tag.endsWith(':') ? s.selectedFor.startsWith(tag) : s.selectedFor === tag))
      .map((s) => s.paper);

  it('"generalization" finds every form of the word, in title and abstract', () => {
    const papers = by('generaliz:');
    expect(papers.length).toBeGreaterThanOrEqual(13);
    for (const p of papers) expect(line('generalization', p), p.id).toMatch(/^matched: generalization \(/);
    // "Generalizing" in the title of CosmoCLIP, "Generalized" in the title of Mamba-2
    expect(line('generalization', sampleById('2407.07315'))).toBe('matched: generalization (title, abstract)');
    expect(line('generalization', sampleById('2405.21060'))).toBe('matched: generalization (title)');
    // British forms in the abstract
    expect(line('generalization', sampleById('2505.22648'))).toBe('matched: generalization (abstract)');
    expect(line('generalisability', sampleById('2405.14979'))).toBe('matched: generalisability (abstract)');
  });

  it('"generalization" matches no paper that only says generate/generation/generative, general, generality or generalist', () => {
    const others = [...by('generation-only'), ...by('general'), ...by('generality'), ...by('generalist')];
    expect(others.length).toBeGreaterThanOrEqual(22);
    for (const p of others) expect(why('generalization', p), p.id).toBeUndefined();
  });

  it('"generation" still finds generate/generated/generator, but not "generative"-only papers', () => {
    expect(line('generation', sampleById('2405.16712'))).toBe('matched: generation (abstract)');
    expect(line('generation', sampleById('2405.15032'))).toBeUndefined(); // only "generative"
    expect(line('generative', sampleById('2405.15032'))).toBe('matched: generative (abstract)');
  });

  it('"in-context learning" OR ICL: only the branches that hit are explained', () => {
    const topic = '"in-context learning" OR ICL';
    expect(line(topic, sampleById('2406.07457'))).toBe('matched: in-context learning (abstract), ICL (abstract)');
    expect(line(topic, sampleById('2412.16849'))).toBe('matched: ICL (abstract)'); // acronym only
    expect(line(topic, sampleById('2506.00042'))).toBe('matched: in-context learning (abstract), ICL (abstract)'); // "in context learning"
    expect(line(topic, sampleById('2405.16852'))).toBeUndefined();
  });

  it('hyphen variants in the paper do not matter', () => {
    const original = sampleById('2406.07457');
    expect(original.summary).toContain('in-context learning');
    for (const dash of ['\u2010', '\u2011', ' ']) {
      const p = { ...original, summary: original.summary.replaceAll('in-context', `in${dash}context`) };
      expect(line('"in-context learning"', p), JSON.stringify(dash)).toBe('matched: in-context learning (abstract)');
      expect(line('"in context learning"', p)).toBe('matched: in context learning (abstract)');
    }
  });

  it('diffusion video -survey', () => {
    expect(line('diffusion video -survey', sampleById('2405.17405'))).toBe(
      'matched: diffusion (title, abstract), video (title, abstract)',
    );
    const survey = { ...sampleById('2405.17405'), title: 'A Survey of Video Diffusion Models' };
    expect(line('diffusion video -survey', survey)).toBeUndefined();
    // "diffuse" is not "diffusion"
    expect(line('diffusion', sampleById('2409.13690'))).toBeUndefined();
    expect(line('diffuse', sampleById('2409.13690'))).toMatch(/^matched: diffuse \(title/);
  });

  it('spelling and word forms from real abstracts', () => {
    expect(line('modeling', sampleById('2406.11430'))).toMatch(/^matched: modeling \(/); // "modelling"
    expect(line('behavior', sampleById('2406.12824'))).toMatch(/^matched: behavior \(/); // "behaviour"
    expect(line('analyze', sampleById('2406.04127'))).toMatch(/^matched: analyze \(/); // "analyse"
    expect(line('pretraining', sampleById('2405.15613'))).toMatch(/^matched: pretraining \(/); // "pre-training"
    expect(line('"pre training"', sampleById('2405.15613'))).toMatch(/^matched: pre training \(/);
    expect(line('grokking', sampleById('2504.20571'))).toBe('matched: grokking (abstract)');
    expect(line('LLM', sampleById('2405.18870'))).toMatch(/^matched: LLM \(title/); // "LLMs achieve …"
  });

  it("author: matches one author's name, as words, not across authors", () => {
    const p = sampleById('2406.11463');
    expect(line('author:"Yann LeCun"', p)).toBe('matched: Yann LeCun (author)');
    expect(line('author:lecun', p)).toBe('matched: lecun (author)');
    expect(line('author:"yann lecun" flexible', p)).toBe('matched: yann lecun (author), flexible (title, abstract)');
    expect(line('LeCun', p)).toBeUndefined(); // bare terms do not look at authors
    const [first, second] = p.authors;
    const lastOfFirst = first!.split(' ').at(-1)!;
    const firstOfSecond = second!.split(' ')[0]!;
    expect(line(`author:"${lastOfFirst} ${firstOfSecond}"`, p)).toBeUndefined();
  });
});

describe('matching fields, phrases and explanations', () => {
  const meta = paper({
    title: 'Out-of-Distribution Generalisation for LLM Agents',
    summary: 'We study agents. Learning. In context of tools, agents generalize.',
    aiKeywords: ['OOD', 'tool use', 'agent benchmarks'],
    organization: { name: 'facebook', fullname: 'AI at Meta' },
  });

  it('gives the reply line of the issue', () => {
    expect(line('generalization OOD', meta)).toBe('matched: generalization (title, abstract), OOD (keywords)');
    expect(why('generalization OOD', meta)).toEqual([
      { term: 'generalization', field: 'title' },
      { term: 'generalization', field: 'abstract' },
      { term: 'OOD', field: 'keywords' },
    ]);
  });

  it('org: looks at the organisation handle and display name', () => {
    expect(line('org:meta (llm OR agent)', meta)).toBe(
      'matched: meta (org), llm (title), agent (title, abstract, keywords)',
    );
    expect(line('org:facebook llm', meta)).toBe('matched: facebook (org), llm (title)');
    expect(line('org:google llm', meta)).toBeUndefined();
    expect(line('org:meta llm', { ...meta, organization: undefined })).toBeUndefined();
  });

  it('field prefixes narrow the search', () => {
    expect(line('title:llm', meta)).toBe('matched: llm (title)');
    expect(line('abstract:llm', meta)).toBeUndefined();
    expect(line('keywords:"tool use"', meta)).toBe('matched: tool use (keywords)');
    // "OOD" is only a keyword and "tool" only in the abstract: no expansion of acronyms
    expect(line('title:(ood OR tool)', meta)).toBeUndefined();
    expect(line('title:(ood OR llm)', meta)).toBe('matched: llm (title)');
  });

  it('phrases need consecutive words within one clause and one keyword', () => {
    expect(line('"learning in context"', meta)).toBeUndefined(); // "Learning. In context"
    expect(line('"tool use agent"', meta)).toBeUndefined(); // two keywords side by side
    expect(line('"agent benchmark"', meta)).toBe('matched: agent benchmark (keywords)');
    expect(line('"out of distribution"', meta)).toBe('matched: out of distribution (title)');
  });

  it('deduplicates reasons and keeps topic order', () => {
    expect(why('agent OR agents OR agent', meta)).toEqual([
      { term: 'agent', field: 'title' },
      { term: 'agent', field: 'abstract' },
      { term: 'agent', field: 'keywords' },
      { term: 'agents', field: 'title' },
      { term: 'agents', field: 'abstract' },
      { term: 'agents', field: 'keywords' },
    ]);
    expect(line('OOD llm', meta)).toBe('matched: OOD (keywords), llm (title)');
    expect(line('llm OOD', meta)).toBe('matched: llm (title), OOD (keywords)');
  });

  it('NOT contributes nothing to why, and a failed NOT fails the match', () => {
    expect(line('llm -survey', meta)).toBe('matched: llm (title)');
    expect(line('llm NOT tools', meta)).toBeUndefined();
    expect(line('llm -(survey OR review)', meta)).toBe('matched: llm (title)');
  });

  it('acronyms: case-insensitive exact tokens, plural meets singular, capitals stay acronyms', () => {
    const bench = paper({
      title: 'Scaling RL for math',
      summary: 'We report AIME 2024 scores and improve ICL with LLMs.',
    });
    const aims = paper({ title: 'A method', summary: 'This paper aims to improve in-context learning.' });
    expect(line('AIME', bench)).toBe('matched: AIME (abstract)');
    expect(line('AIME', aims)).toBeUndefined();
    expect(line('llm', bench)).toBe('matched: llm (abstract)');
    expect(line('icl', bench)).toBe('matched: icl (abstract)');
    expect(line('ICL', aims)).toBeUndefined(); // no expansion of acronyms
    expect(line('rl', bench)).toBe('matched: rl (title)');
  });

  it('works on papers with missing optional fields', () => {
    const bare = paper({ title: 'Grokking at the edge', summary: '' });
    expect(line('grokking', bare)).toBe('matched: grokking (title)');
    expect(line('org:meta grokking', bare)).toBeUndefined();
    expect(line('keywords:grokking', bare)).toBeUndefined();
  });

  it('formatWhy groups fields per term', () => {
    expect(
      formatWhy([
        { term: 'a', field: 'title' },
        { term: 'b', field: 'keywords' },
        { term: 'a', field: 'abstract' },
      ]),
    ).toBe('matched: a (title, abstract), b (keywords)');
  });
});
