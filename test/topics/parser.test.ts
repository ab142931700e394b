import { describe, expect, it } from 'vitest';
import { compileTopic, TopicSyntaxError, TOPIC_LIMITS, type TopicNode } from '../../src/topics/index.js';
import { PaperboyError } from '../../src/errors.js';

/** A compact rendering of the tree (folded words, not stems), so structure assertions stay readable. */
function show(node: TopicNode): string {
  switch (node.kind) {
    case 'term': {
      const body = node.words.length > 1 ? `"${node.words.join(' ')}"` : node.words[0]!;
      return node.field === 'text' ? body : `${node.field}:${body}`;
    }
    case 'not':
      return `NOT(${show(node.child)})`;
    case 'and':
      return `AND(${node.children.map(show).join(', ')})`;
    case 'or':
      return `OR(${node.children.map(show).join(', ')})`;
  }
}
const tree = (text: string): string => show(compileTopic(text).tree!);

function syntaxError(text: string): TopicSyntaxError {
  try {
    compileTopic(text);
  } catch (e) {
    if (e instanceof TopicSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
}

describe('topic language: the examples from the issue', () => {
  it.each([
    ['grokking', 'grokking'],
    ['"in-context learning" OR ICL', 'OR("in context learning", icl)'],
    ['diffusion video -survey', 'AND(diffusion, video, NOT(survey))'],
    ['author:"Yann LeCun"', 'author:"yann lecun"'],
    ['org:meta (llm OR agent)', 'AND(org:meta, OR(llm, agent))'],
  ])('%s', (text, expected) => {
    expect(tree(text)).toBe(expected);
    expect(compileTopic(text).source).toBe(text);
  });
});

describe('topic language: operators and fields', () => {
  it.each([
    ['a b OR c d', 'OR(AND(a, b), AND(c, d))'],
    ['a AND b', 'AND(a, b)'],
    ['NOT survey diffusion', 'AND(NOT(survey), diffusion)'],
    ['diffusion -(survey OR review)', 'AND(diffusion, NOT(OR(survey, review)))'],
    ['diffusion -"technical report"', 'AND(diffusion, NOT("technical report"))'],
    ['title:(grokking OR "double descent")', 'OR(title:grokking, title:"double descent")'],
    ['TITLE:grokking', 'title:grokking'],
    ['abstract:grokking keywords:ood', 'AND(abstract:grokking, keywords:ood)'],
    // a hyphen inside a word is not NOT; the word becomes a phrase of its parts
    ['in-context', '"in context"'],
    ['self-supervised -survey', 'AND("self supervised", NOT(survey))'],
    // smart quotes from phones and chat apps work like straight quotes
    ['\u201Cin-context learning\u201D', '"in context learning"'],
    // a lower-case "and" is dropped: AND is implicit anyway
    ['vision and language', 'AND(vision, language)'],
    ['"salt and pepper"', '"salt and pepper"'],
    ['"or"', 'or'],
    // a trailing colon on an unknown word is just punctuation
    ['mamba: survey', 'AND(mamba, survey)'],
  ])('%s', (text, expected) => {
    expect(tree(text)).toBe(expected);
  });

  it('keeps the display text as typed for explanations', () => {
    const t = compileTopic('author:"Yann   LeCun" "in-context  learning"').tree!;
    expect(t.kind === 'and' && t.children.map((c) => (c.kind === 'term' ? c.display : ''))).toEqual([
      'Yann LeCun',
      'in-context learning',
    ]);
  });
});

describe('topic language: errors say what and where', () => {
  it.each([
    // [topic, position, message fragment]
    ['"in-context" OR "ICL', 17, 'unbalanced quote at character 17'],
    ['grokking "in-context', 10, 'unbalanced quote at character 10'],
    ['diffusion NOT', 11, 'NOT needs something after it at character 11'],
    ['NOT', 1, 'NOT needs something after it'],
    ['llm NOT OR agent', 5, 'NOT needs something after it at character 5'],
    ['llm NOT)', 5, 'NOT needs something after it'],
    ['diffusion - survey', 11, '- needs something right after it at character 11'],
    ['diffusion -', 11, '- needs something right after it'],
    ['(llm OR agent', 1, 'unbalanced parenthesis at character 1'],
    ['llm OR agent)', 13, 'unbalanced parenthesis at character 13'],
    [')', 1, 'unbalanced parenthesis at character 1'],
    ['((llm)', 1, 'unbalanced parenthesis'],
    ['', 1, 'empty topic'],
    ['   ', 1, 'empty topic'],
    ['and', 1, 'empty topic'],
    ['llm ()', 5, 'empty parentheses at character 5'],
    ['OR ICL', 1, 'OR needs something on both sides at character 1'],
    ['ICL OR', 5, 'OR needs something on both sides at character 5'],
    ['ICL OR OR llm', 5, 'OR needs something on both sides'],
    ['(OR llm)', 2, 'OR needs something on both sides at character 2'],
    ['llm OR )', 5, 'OR needs something on both sides'],
    ['AND llm', 1, 'AND needs something on both sides'],
    ['llm AND', 5, 'AND needs something on both sides'],
    ['llm or agent', 5, '"or" at character 5 is ambiguous: write OR'],
    ['llm Or agent', 5, 'write OR'],
    ['llm not agent', 5, 'write NOT'],
    ['foo:bar', 1, 'unknown field "foo:" at character 1: use title:, abstract:, keywords:, author: or org:'],
    ['constructor:x', 1, 'unknown field "constructor:"'],
    ['llm toString:x', 5, 'unknown field "tostring:"'],
    ['llm title:', 5, 'title: needs a word, "phrase" or (group) right after it at character 5'],
    ['author: lecun', 1, 'author: needs a word'],
    ['llm ""', 5, 'empty quotes at character 5'],
    ['"  -- "', 1, 'empty quotes'],
    ['llm &&', 5, '"&&" at character 5 has no letters or digits'],
    ['-survey', 1, 'the topic only excludes at character 1'],
    ['NOT survey NOT review', 1, 'only excludes'],
    ['llm OR -survey', 8, 'each side of OR needs a word to look for at character 8'],
    ['((((((llm))))))', 6, `at most ${TOPIC_LIMITS.maxDepth} levels of parentheses`],
  ])('%j → %s at %i', (text, position, fragment) => {
    const e = syntaxError(text);
    expect(e.message).toContain(fragment);
    expect(e.position).toBe(position);
    expect(e).toBeInstanceOf(PaperboyError);
    expect(e.code).toBe('bad_input');
  });

  it('caps the length at 200 characters, counting characters not UTF-16 units', () => {
    expect(() => compileTopic('a'.repeat(200))).not.toThrow();
    const e = syntaxError('a'.repeat(201));
    expect(e.message).toContain('topic is too long at character 201: 201 characters, the limit is 200');
    expect(e.position).toBe(201);
    // 199 mathematical bold letters are 398 UTF-16 units but 199 characters
    expect(() => compileTopic('\u{1D41A}'.repeat(199))).not.toThrow();
    // positions count code points too: the quote below is the 3rd character
    expect(syntaxError('🦙 "llm').position).toBe(3);
  });

  it('caps the number of terms at 20', () => {
    const words = Array.from({ length: 21 }, (_, i) => `w${i}`);
    expect(() => compileTopic(words.slice(0, 20).join(' '))).not.toThrow();
    const e = syntaxError(words.join(' '));
    expect(e.message).toContain('too many terms');
    expect(e.position).toBe(words.slice(0, 20).join(' ').length + 2);
  });

  it('caps phrase length', () => {
    expect(syntaxError(`"${Array.from({ length: 13 }, () => 'w').join(' ')}"`).message).toContain('phrase too long');
  });

  it('treats regular-expression characters as plain text (no RegExp is built from input)', () => {
    for (const text of ['(a+)+$', '.*', 'a|b', '[abc]', '\\d+ OR x', 'x{1000}']) {
      try {
        compileTopic(text);
      } catch (e) {
        expect(e).toBeInstanceOf(TopicSyntaxError);
      }
    }
    expect(tree('c++ OR c#')).toBe('OR(c, c)');
  });
});

describe('topic language: robustness', () => {
  it('any input either compiles and matches, or fails with a TopicSyntaxError (seeded fuzz)', () => {
    const pieces = [
      'llm',
      'Agent',
      ' ',
      ' ',
      '"',
      '\u201C',
      '(',
      ')',
      '-',
      ':',
      'OR',
      'NOT',
      'AND',
      'or',
      'and',
      'title:',
      'author:',
      'org:',
      'constructor:',
      '__proto__:',
      'x',
      '🦙',
      'é',
      '\u2010',
      '.',
      '*',
      '+',
      '\\',
      '\u00A0',
      'in-context',
      '3.5',
      'GPT-4',
    ];
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const p = {
      id: '1',
      title: 'LLM agents in context',
      summary: 'GPT-4 and 3.5 agents.',
      authors: ['A B'],
      upvotes: 0,
      publishedAt: '',
      organization: { name: 'x' },
    };
    let compiled = 0;
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: 1 + rnd(12) }, () => pieces[rnd(pieces.length)]).join('');
      try {
        const topic = compileTopic(text);
        compiled++;
        const m = topic.match(p);
        expect(m.matched).toBe(m.why.length > 0);
      } catch (e) {
        if (!(e instanceof TopicSyntaxError)) throw new Error(`${JSON.stringify(text)} threw ${String(e)}`);
        expect(e.position).toBeGreaterThanOrEqual(1);
        expect(e.position).toBeLessThanOrEqual(Array.from(text).length + 1);
      }
    }
    expect(compiled).toBeGreaterThan(300);
  });
});
