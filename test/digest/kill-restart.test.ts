import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openJsonStore } from '../../src/store/json/open.js';
import { silentLogger } from '../../src/logger.js';
import { readRecords } from './file-sink.js';
import { channel } from './helpers.js';

const CHILD = fileURLToPath(new URL('./kill-child.ts', import.meta.url));
const TARGETS = 3;
const LISTS = ['2026-08-20', '2026-08-21'];
const TRIALS = 20;
/** Each data set is killed twice in a row (the second kill lands during a resume), then finished. */
const KILLS_PER_SET = 2;
const dirs: string[] = [];

interface Run {
  output: string;
  killed: boolean;
  posts: number;
}

/**
 * Run the child; with killAfterPosts, SIGKILL it once it has made that many posts. The
 * signal lands a moment later, anywhere in the code that follows (the ledger write, the
 * next post, between them), so progress picks the region and timing scatters the point.
 */
function runChild(dataFile: string, sinkFile: string, killAfterPosts?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, dataFile, sinkFile, String(TARGETS), LISTS.join(',')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const posts = output.split('.').length - 1;
      if (killAfterPosts !== undefined && !sent && output.includes('READY') && posts >= killAfterPosts) {
        sent = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      resolve({ output, killed: signal === 'SIGKILL', posts: output.split('.').length - 1 }),
    );
  });
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('kill and restart: exactly-once digest delivery', () => {
  it(`survives SIGKILL at random points in ${TRIALS} trials with nothing lost and nothing duplicated`, async () => {
    // One undisturbed run to learn how long a full fan-out takes on this machine.
    const calib = mkdtempSync(join(tmpdir(), 'paperboy-kill-'));
    dirs.push(calib);
    const full = await runChild(join(calib, 'db.json'), join(calib, 'sink.log'));
    const totalPosts = full.posts;
    expect(full.output).toContain(`DONE ${TARGETS * LISTS.length}/${TARGETS * LISTS.length}`);

    const totals = { trials: 0, killedMidRun: 0, lost: 0, duplicated: 0, extraThreads: 0, deduped: 0, posts: 0 };
    for (let set = 0; set < TRIALS / KILLS_PER_SET; set++) {
      const dir = mkdtempSync(join(tmpdir(), 'paperboy-kill-'));
      dirs.push(dir);
      const [dataFile, sinkFile] = [join(dir, 'db.json'), join(dir, 'sink.log')];
      let remaining = totalPosts;
      for (let k = 0; k < KILLS_PER_SET; k++) {
        const killed = await runChild(dataFile, sinkFile, Math.floor(Math.random() * remaining));
        remaining -= killed.posts;
        if (killed.killed && !killed.output.includes('DONE')) totals.killedMidRun++;
        totals.trials++;
      }
      const finished = await runChild(dataFile, sinkFile);
      expect(finished.output).toContain(`DONE ${TARGETS * LISTS.length}/`);

      const records = readRecords(sinkFile);
      const store = await openJsonStore({ file: dataFile, logger: silentLogger });
      for (let i = 0; i < TARGETS; i++) {
        const target = channel(`c${i}`);
        for (const listDate of LISTS) {
          const row = await store.deliveries.get(target, listDate);
          expect(row?.state).toBe('done');
          const key = `terminal:local:channel:c${i}`;
          const parents = records.filter((r) => r.type === 'parent' && r.target === key && r.listDate === listDate);
          totals.extraThreads += Math.max(0, parents.length - 1);
          const threadIds = new Set(parents.map((p) => (p.type === 'parent' ? p.threadId : '')));
          const papers = records.filter((r) => r.type === 'paper' && threadIds.has(r.threadId));
          const posted = papers.map((p) => (p.type === 'paper' ? p.paperId : ''));
          totals.lost += row!.paperIds.filter((id) => !posted.includes(id)).length;
          totals.duplicated +=
            posted.length - new Set(posted).size + posted.filter((id) => !row!.paperIds.includes(id)).length;
          expect(posted).toEqual(row!.paperIds); // in order, each once
        }
      }
      await store.close();
      totals.deduped += records.filter((r) => r.type === 'deduped').length;
      totals.posts += records.filter((r) => r.type !== 'deduped').length;
    }
    console.log(
      `kill-and-restart: ${totals.trials} trials (${totals.killedMidRun} killed mid-run; ${totalPosts} posts per undisturbed run), ` +
        `${totals.posts} posts, lost ${totals.lost}, duplicated ${totals.duplicated}, extra threads ${totals.extraThreads}, ` +
        `in-doubt posts absorbed by idempotency keys ${totals.deduped}`,
    );
    expect(totals).toMatchObject({ trials: TRIALS, lost: 0, duplicated: 0, extraThreads: 0 });
    expect(totals.killedMidRun).toBeGreaterThan(TRIALS / 2);
  }, 240_000);
});
