import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/search/text.js';
import { TokenTable } from '../../src/search/token-table.js';

const fixtureTexts = readFileSync(fileURLToPath(new URL('./fixtures/papers.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .flatMap((l) => {
    const c = JSON.parse(l) as { title: string; summary: string; ai_keywords?: string[] };
    return [c.title, c.summary, (c.ai_keywords ?? []).join(' · ')];
  });

const tokensOf = (table: TokenTable, text: string): string[] => {
  const n = table.scan(text);
  return Array.from(table.ids.subarray(0, n), (id) => table.tokens[id]!);
};

describe('TokenTable', () => {
  it('cuts text exactly as tokenize does, numbers, dots and accents included', () => {
    const table = new TokenTable();
    const tricky = [
      'GPT-3.5 and v1.2.3 beat 1.5B models; see arXiv:2401.00001.',
      'abc.def 3. .5 x.1 1..2 end.',
      'In-Context Learning (ICL) with LLaMA-2-7B',
      'Café naïve résumé — Übersicht über Straße',
      'Tabs\tand\nnewlines\r\nand CAPS',
      '',
      '...',
      'a',
    ];
    for (const text of [...tricky, ...fixtureTexts]) expect(tokensOf(table, text)).toEqual(tokenize(text));
  });

  it('gives one id per distinct token, across texts and growth', () => {
    const table = new TokenTable();
    const words = Array.from({ length: 100_000 }, (_, i) => `w${i.toString(36)}`);
    for (let i = 0; i < words.length; i += 1000) table.scan(words.slice(i, i + 1000).join(' '));
    expect(table.tokens.length).toBe(words.length);
    const n = table.scan('w0 W0 w1 w0');
    expect(Array.from(table.ids.subarray(0, n))).toEqual([0, 0, 1, 0]);
  });
});
