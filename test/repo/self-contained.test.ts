import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORPUS_FILE, corpusLines } from '../corpus.js';

// A fresh clone must have everything its tests, bench and README use: nothing may point
// at files beside the repository (the workplace's shared folder), which a user does not have.
const root = fileURLToPath(new URL('../../', import.meta.url));
const OUTSIDE = /\.\.\/(?:\.\.\/)*shared\b|\/work\/shared\b/;
const TEXT = /\.(?:ts|js|json|jsonc|md|yaml|yml|txt)$/;
// A recorded bench run quotes the paths it used then; the next `npm run bench` rewrites it.
const RECORDED = new Set(['bench/results.json']);

function* textFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* textFiles(path);
    else if (TEXT.test(name)) yield relative(root, path);
  }
}

describe('the repository stands on its own', () => {
  it('no test, bench, source or README line points outside the repository', () => {
    const files = [
      'README.md',
      ...['test', 'bench', 'src', 'commands', 'adapters', 'bin'].flatMap((d) => [...textFiles(join(root, d))]),
    ];
    expect(files.length).toBeGreaterThan(100);
    const offending = files
      .filter((f) => !RECORDED.has(f))
      .flatMap((f) =>
        readFileSync(join(root, f), 'utf8')
          .split('\n')
          .flatMap((line, i) => (OUTSIDE.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offending).toEqual([]);
  });

  it('keeps the sources list in the repository, and the README links to it', () => {
    const sources = readFileSync(join(root, 'test/fixtures/SOURCES.md'), 'utf8');
    expect(sources).toMatch(/^# Where these files come from/);
    expect(sources).toContain('corpus/papers.jsonl.gz');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('(test/fixtures/SOURCES.md)');
  });

  it('ships the 20,000-paper corpus compressed (8–12 MB) and reads it as a stream', async () => {
    const mb = statSync(CORPUS_FILE).size / 1e6;
    expect(mb).toBeGreaterThan(8);
    expect(mb).toBeLessThan(12);
    const ids = new Set<string>();
    for await (const line of corpusLines()) {
      expect(typeof line.title).toBe('string');
      ids.add(line.id);
    }
    expect(ids.size).toBe(20_000);
  });
});
