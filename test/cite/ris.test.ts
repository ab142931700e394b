import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { risName, toRis, type CitablePaper } from '../../src/cite/index.js';
import { fixturePapers } from '../slack/harness.js';

/**
 * RIS checked line by line, the way Zotero's and Mendeley's importers read it: every
 * line is `TAG  - value` (two letters or letter+digit, two spaces, a hyphen, a space),
 * lines end in CRLF, a record opens with TY and closes with `ER  - `, and no value
 * spills onto a second line.
 */
const TAG_LINE = /^([A-Z][A-Z0-9]) {2}- (.*)$/;

interface Record {
  tags: [string, string][];
}

function records(text: string): Record[] {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const out: Record[] = [];
  let current: Record | undefined;
  for (const line of text.split('\r\n').slice(0, -1)) {
    if (line === '') {
      expect(current).toBeUndefined(); // blank lines only between records
      continue;
    }
    const m = TAG_LINE.exec(line);
    expect(m, `not a RIS line: ${JSON.stringify(line)}`).not.toBeNull();
    const [, tag, value] = m!;
    if (tag === 'TY') {
      expect(current).toBeUndefined();
      current = { tags: [] };
    }
    expect(current, `${tag} outside a record`).toBeDefined();
    current!.tags.push([tag!, value!]);
    if (tag === 'ER') {
      expect(value).toBe('');
      out.push(current!);
      current = undefined;
    }
  }
  expect(current).toBeUndefined();
  return out;
}

const values = (r: Record, tag: string): string[] => r.tags.filter(([t]) => t === tag).map(([, v]) => v);

describe('RIS export', () => {
  const papers = fixturePapers('2026-07-22');

  it('writes one well-formed record per paper, in order', () => {
    const recs = records(toRis(papers));
    expect(recs).toHaveLength(papers.length);
    recs.forEach((r, i) => {
      const p = papers[i]!;
      expect(r.tags[0]).toEqual(['TY', 'UNPB']);
      expect(r.tags.at(-1)).toEqual(['ER', '']);
      expect(values(r, 'TI')).toEqual([p.title]);
      expect(values(r, 'AU')).toEqual(p.authors.map(risName));
      expect(values(r, 'PY')).toEqual([`20${p.id.slice(0, 2)}`]);
      expect(values(r, 'DA')).toEqual([p.publishedAt.slice(0, 10).replace(/-/g, '/')]);
      expect(values(r, 'UR')).toEqual([`https://arxiv.org/abs/${p.id}`]);
      expect(values(r, 'DO')).toEqual([`10.48550/arXiv.${p.id}`]);
      expect(values(r, 'AN')).toEqual([`arXiv:${p.id}`]);
      expect(values(r, 'AB')).toEqual([p.summary]);
      expect(values(r, 'KW')).toEqual(p.aiKeywords ?? []);
    });
  });

  it('writes names as "Family, Given" and teams as written', () => {
    expect(risName('Anna van der Berg')).toBe('van der Berg, Anna');
    expect(risName('Hal Daumé III')).toBe('Daumé, Hal, III');
    expect(risName('Qwen Team')).toBe('Qwen Team');
    expect(risName('Prafulla')).toBe('Prafulla');
  });

  it('keeps every value on its own line, whatever the text holds', () => {
    const odd: CitablePaper = {
      id: '2607.00001',
      title: 'Line\nbreaks\r\nand\ttabs  ER  - inside',
      authors: ['Ann\nLee', ' '],
      publishedAt: 'not a date',
      summary: 'First line.\n\nSecond paragraph.\u0007',
      aiKeywords: ['a\nb', ''],
      primaryClass: 'cs.LG',
    };
    const [r] = records(toRis([odd]));
    expect(values(r!, 'TI')).toEqual(['Line breaks and tabs ER - inside']);
    expect(values(r!, 'AU')).toEqual(['Lee, Ann']);
    expect(values(r!, 'DA')).toEqual([]);
    expect(values(r!, 'AB')).toEqual(['First line. Second paragraph.']);
    expect(values(r!, 'KW')).toEqual(['a b']);
    expect(values(r!, 'AN')).toEqual(['arXiv:2607.00001 [cs.LG]']);
  });

  it('is well formed for every corpus paper of the hard-case subset', () => {
    const subset = readFileSync(fileURLToPath(new URL('../fixtures/cite/corpus-subset.jsonl', import.meta.url)), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as CitablePaper);
    const recs = records(toRis(subset));
    expect(recs).toHaveLength(subset.length);
    recs.forEach((r, i) => expect(values(r, 'AU')).toHaveLength(subset[i]!.authors.filter((a) => a.trim()).length));
  });
});
