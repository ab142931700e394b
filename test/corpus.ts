import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

/**
 * The 20,000-paper corpus, committed in the repository (gzip -9, ~11.8 MB instead of
 * 35 MB) so the precision tests and the bench run on any clone. Where it comes from:
 * test/fixtures/SOURCES.md. It is read as a stream, one line at a time: the whole
 * uncompressed text never sits in memory at once.
 */
export const CORPUS_FILE = fileURLToPath(new URL('./fixtures/corpus/papers.jsonl.gz', import.meta.url));

/** A corpus line as stored (one JSON object a line). */
export interface CorpusLine {
  id: string;
  title: string;
  summary?: string;
  authors?: string[];
  upvotes?: number | null;
  publishedAt?: string;
  ai_keywords?: string[];
  source?: string;
  selectedFor?: string;
}

const GZIP_MAGIC = [0x1f, 0x8b];

async function isGzip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await file.close();
  }
}

/**
 * Every line of a corpus file, parsed, in file order. Plain `.jsonl` and gzip are both
 * read (told apart by the gzip magic bytes, not the name), so PAPERBOY_BENCH_CORPUS can
 * point at either.
 */
export async function* corpusLines(path: string = CORPUS_FILE): AsyncGenerator<CorpusLine> {
  const raw = createReadStream(path);
  const text = (await isGzip(path)) ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (err) => text.destroy(err));
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim()) yield JSON.parse(line) as CorpusLine;
    }
  } finally {
    lines.close();
    raw.destroy();
  }
}
