import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertPoller } from '../../src/alerts/poller.js';
import { MemoryDigestSink } from '../../src/digest/memory-sink.js';
import { silentLogger } from '../../src/logger.js';
import { CachedSource } from '../../src/papers/cached-source.js';
import { HfClient } from '../../src/papers/hf-client.js';
import { openJsonStore } from '../../src/store/json/open.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import type { Store } from '../../src/store/store.js';
import { readRecords } from '../digest/file-sink.js';
import { FakeHf } from '../papers/fake-hf.js';
import { dropSchemas, pgUrl, testSchema } from '../store/pg-env.js';
import { alertFor, place } from './helpers.js';

/**
 * Two Paperboy processes polling alerts on one store (the JSON files; PostgreSQL when
 * the test database is set): every (place, paper) a single process would post is posted,
 * and none twice, though both processes see and try every one.
 */
const CHILD = fileURLToPath(new URL('./alert-child.ts', import.meta.url));
// Enough polls for every match to be posted (at most 5 per place per poll, per process).
const POLLS = 8;
const TOPICS = ['agents', 'reasoning', 'diffusion', 'LLM', 'benchmark', 'video'];

let hf: FakeHf;
let dir: string;
beforeAll(async () => {
  hf = await new FakeHf().start();
  dir = await mkdtemp(join(tmpdir(), 'paperboy-alert-procs-'));
});
afterAll(async () => {
  await hf.stop();
  await rm(dir, { recursive: true, force: true });
});

const withAlerts = async (store: Store): Promise<Store> => {
  const createdAt = '2026-08-21T09:00:00.000Z';
  for (const [i, topic] of TOPICS.entries())
    await store.alerts.add(alertFor(`a${i}`, place(`place${i}`), topic, { createdAt }), 10);
  return store;
};

/** What one process alone posts over the same polls: the reference. */
async function reference(): Promise<string[]> {
  const store = await withAlerts(new MemoryStore());
  const sink = new MemoryDigestSink('terminal');
  let now = Date.parse('2026-08-21T10:00:00Z');
  const poller = createAlertPoller({
    store,
    papers: new CachedSource({ api: new HfClient({ baseUrl: hf.url, logger: silentLogger }), logger: silentLogger }),
    sinks: [sink],
    logger: silentLogger,
    now: () => new Date(now),
  });
  for (let i = 0; i < POLLS; i++, now += 5 * 60_000) await poller.poll();
  return sink.singles.map((s) => `${s.target.id}|${s.card.id}`).sort();
}

function run(args: string[]): { child: ChildProcessWithoutNullStreams; said(word: string): Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return {
    child,
    said: (word) =>
      new Promise((resolve, reject) => {
        const check = () => (out.includes(word) ? resolve() : undefined);
        child.stdout.on('data', check);
        child.on('exit', (code) =>
          out.includes(word) ? resolve() : reject(new Error(`child exited ${code}: ${out}`)),
        );
        check();
      }),
  };
}

async function twoProcesses(where: string, schema: string, sinkFile: string): Promise<string[]> {
  const procs = ['one', 'two'].map((owner) => run([where, schema, hf.url, sinkFile, owner, String(POLLS)]));
  await Promise.all(procs.map((p) => p.said('READY')));
  for (const p of procs) p.child.stdin.end('GO\n');
  await Promise.all(procs.map((p) => p.said('DONE')));
  return readRecords(sinkFile)
    .flatMap((r) => (r.type === 'single' ? [`${r.target.split(':').at(-1)}|${r.paperId}`] : []))
    .sort();
}

describe('two processes polling alerts on one store', () => {
  it('JSON files: each (place, paper) posted once, nothing missing', async () => {
    const file = join(dir, 'paperboy.json');
    await (await withAlerts(await openJsonStore({ file, logger: silentLogger }))).close();
    const expected = await reference();
    expect(expected.length).toBeGreaterThan(20);
    const posted = await twoProcesses(file, '-', join(dir, 'json-sink.log'));
    expect(new Set(posted).size).toBe(posted.length);
    expect(posted).toEqual(expected);
    console.info(`two processes, JSON store: ${posted.length} (place, paper) posts, each once`);
  }, 120_000);

  it.skipIf(!pgUrl)(
    'PostgreSQL: each (place, paper) posted once, nothing missing',
    async () => {
      const schema = testSchema('alertprocs');
      try {
        await (await withAlerts(await openPostgresStore({ url: pgUrl!, schema, logger: silentLogger }))).close();
        const posted = await twoProcesses(pgUrl!, schema, join(dir, 'pg-sink.log'));
        expect(posted).toEqual(await reference());
      } finally {
        await dropSchemas(schema);
      }
    },
    120_000,
  );
});
