import { PassThrough } from 'node:stream';
import { parse } from '@retorquere/bibtex-parser';
import { testApp } from './helpers.js';
import { describe, expect, it } from 'vitest';
import { execOnce, TerminalScreen } from '../../adapters/terminal/index.js';
import { MemoryLogger } from '../../src/logger.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { MemoryStore } from '../../src/store/memory-store.js';

/**
 * The terminal prints exports (inline or as a "file") as plain text on stdout, so
 * `--exec "/papers cite …" > refs.bib` gives a file BibTeX reads: text outside entries
 * is a comment to BibTeX, and the parser must agree.
 */
async function run(text: string): Promise<{ code: number; out: string }> {
  const bot = testApp({
    papers: new SampleSource(),
    store: new MemoryStore(),
    logger: new MemoryLogger(),
    now: () => new Date(),
  }).bot;
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString()));
  const code = await execOnce(bot, text, new TerminalScreen(output));
  return { code, out };
}

describe('exports on the terminal', () => {
  it('prints a long BibTeX export whole, and the printed text parses', async () => {
    const ids = ['2608.19880', '2608.18580', '2608.20335', '2608.19799', '2608.20336'];
    const { code, out } = await run(`/papers cite ${ids.join(' ')}`);
    expect(code).toBe(0);
    expect(out).toMatch(/^Citations · 5 papers · BibTeX\n/);
    const lib = parse(out, { english: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries.map((e) => e.fields.eprint)).toEqual(ids);
  });

  it('prints RIS with plain line ends and every record closed', async () => {
    const { out } = await run('/papers cite 2608.19880 2608.18580 format=ris');
    expect(out).not.toContain('\r');
    expect(out.split('\n').filter((l) => l === 'ER  - ')).toHaveLength(2);
  });

  it.each([
    ['cite', /`cite` needs an id\. Usage: \/papers cite/],
    ['cite foo 2608.19880', /"foo" is not an arXiv id or paper link/],
    ['cite 2608.19880 format=word', /format= must be "bibtex" \(LaTeX\) or "ris"/],
    [`cite ${Array.from({ length: 30 }, (_, i) => `2608.${String(10000 + i)}`).join(' ')}`, /at most 25 at a time/],
    ['cite 2601.00001', /doesn't know paper 2601.00001/],
  ])('answers `%s` with what would work, exit 1', async (text, message) => {
    const { code, out } = await run(`/papers ${text}`);
    expect(code).toBe(1);
    expect(out).toMatch(message);
  });
});
