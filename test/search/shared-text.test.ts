import { describe, expect, it } from 'vitest';
import { normalizeTerm, tokenize as searchTokens } from '../../src/search/text.js';
import { americanize } from '../../src/text/spelling.js';
import { stem, tokenize as topicTokens } from '../../src/topics/normalize.js';

const term = (word: string) => normalizeTerm(word);

describe('search and topics share one tokenizer and one spelling table', () => {
  it('cut text into the same words (search keeps a decimal whole)', () => {
    const text = 'Schölkopf’s in-context Pre-training of GPT-3.5, with “BERT” — again';
    expect(searchTokens(text)).toEqual([
      'scholkopf',
      's',
      'in',
      'context',
      'pre',
      'training',
      'of',
      'gpt',
      '3.5',
      'with',
      'bert',
      'again',
    ]);
    expect(topicTokens(text).map((t) => t.text)).toEqual([
      'scholkopf',
      's',
      'in',
      'context',
      'pre',
      'training',
      'of',
      'gpt',
      '3',
      '5',
      'with',
      'bert',
      'again',
    ]);
  });

  it('search meets British and American spellings the topic table knows', () => {
    for (const [british, american] of [
      ['modelling', 'modeling'],
      ['labelled', 'labeled'],
      ['analyse', 'analyze'],
      ['analysis', 'analyzes'],
      ['behaviour', 'behavior'],
      ['whilst', 'while'],
      ['multicentre', 'multicenter'],
      ['generalisation', 'generalization'],
    ] as const) {
      expect(term(british), british).toBe(term(american));
    }
  });

  it('does not invent spellings: one-syllable and stressed roots keep their double l', () => {
    for (const word of [
      'spelling',
      'storytelling',
      'bestseller',
      'compelling',
      'excelling',
      'quelled',
      'hours',
      'tours',
    ]) {
      expect(americanize(word), word).toBe(word);
    }
    expect(term('hours')).not.toBe(term('hors'));
    expect(stem('modelling')).toBe(stem('modeling'));
    expect(stem('spelling')).not.toBe(stem('speling'));
  });
});
