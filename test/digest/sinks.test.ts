import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerminalDigestSink } from '../../adapters/terminal/digest-sink.js';
import { MemoryDigestSink } from '../../src/digest/memory-sink.js';
import { FileSink, readRecords } from './file-sink.js';
import { channel } from './helpers.js';
import { digestSinkContract } from './sink.contract.js';

digestSinkContract('MemoryDigestSink', async () => {
  const sink = new MemoryDigestSink('terminal');
  return {
    sink,
    target: channel('c1'),
    visiblePosts: async () => sink.calls.filter((c) => c.outcome === 'posted').length,
  };
});

digestSinkContract('TerminalDigestSink', async () => {
  const writes: string[] = [];
  return {
    sink: new TerminalDigestSink((s) => writes.push(s)),
    target: channel('c1'),
    visiblePosts: async () => writes.length,
  };
});

digestSinkContract('FileSink (kill test)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-sink-'));
  const file = join(dir, 'sink.log');
  return {
    sink: new FileSink(file),
    target: channel('c1'),
    visiblePosts: async () => readRecords(file).filter((r) => r.type !== 'deduped').length,
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
