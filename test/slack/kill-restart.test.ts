import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { openJsonStore } from '../../src/store/json/open.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack/fake-slack-api.js';

/**
 * Slack takes no idempotency key, so a process killed after chat.postMessage succeeded
 * and before the ledger heard of it is the one place a digest could repeat a message.
 * SIGKILL the fan-out right after the fake Slack has answered a post, resume, and count
 * what every channel shows.
 */
const CHILD = fileURLToPath(new URL('./kill-child.ts', import.meta.url));
const TARGETS = 2;
const LISTS = ['2026-08-20', '2026-08-21'];
const TRIALS = 10;
const dirs: string[] = [];
let fake: FakeSlackApi;

beforeAll(async () => {
  fake = await startFakeSlackApi();
});
afterAll(async () => {
  await fake.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Run the child; with killAfter, SIGKILL it the moment the fake has stored that many more messages. */
function runChild(dataFile: string, prefix: string, killAfter?: number): Promise<{ output: string; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const start = fake.messages.length;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, dataFile, fake.apiUrl, prefix, String(TARGETS), LISTS.join(',')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const watch = setInterval(() => {
      if (killAfter !== undefined && fake.messages.length - start >= killAfter) child.kill('SIGKILL');
    }, 1);
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearInterval(watch);
      resolve({ output, killed: signal === 'SIGKILL' });
    });
  });
}

describe('Slack: a kill between a post and its ledger write repeats nothing', () => {
  it(`SIGKILL right after Slack answered a post, ${TRIALS} trials: no message twice, none lost`, async () => {
    const totals = { killed: 0, duplicated: 0, lost: 0, messages: 0 };
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = mkdtempSync(join(tmpdir(), 'paperboy-slack-kill-'));
      dirs.push(dir);
      const dataFile = join(dir, 'db.json');
      const before = fake.messages.length;
      // 2 targets × 2 lists × (1 parent + 4 papers) = 20 posts; kill after 1..19 of them.
      // Fresh channels per trial: the fake keeps every earlier trial's messages.
      const prefix = `C0T${trial}K`;
      const killed = await runChild(dataFile, prefix, 1 + ((trial * 7) % 19));
      if (killed.killed) totals.killed++;
      const finished = await runChild(dataFile, prefix);
      expect(finished.output).toContain(`DONE ${TARGETS * LISTS.length}/`);
      const mine = fake.messages.slice(before);
      totals.messages += mine.length;
      const store = await openJsonStore({ file: dataFile, logger: silentLogger });
      for (let i = 0; i < TARGETS; i++) {
        const channel = `${prefix}${i}`;
        for (const listDate of LISTS) {
          const row = await store.deliveries.get(
            { platform: 'slack', workspaceId: 'T0PAPERBOY', kind: 'channel', id: channel },
            listDate,
          );
          expect(row?.state).toBe('done');
          const thread = mine.filter(
            (m) => m.channel === channel && (m.ts === row!.threadId || m.thread_ts === row!.threadId),
          );
          const tags = thread.map((m) => String(m.metadata?.event_payload.key));
          totals.duplicated += tags.length - new Set(tags).size;
          totals.lost += 1 + row!.paperIds.length - new Set(tags).size;
        }
        // No second parent for the same list anywhere in the channel.
        const parents = mine
          .filter((m) => m.channel === channel && !m.thread_ts)
          .map((m) => String(m.metadata?.event_payload.key));
        totals.duplicated += parents.length - new Set(parents).size;
      }
      await store.close();
    }
    console.log(
      `slack kill-and-restart: ${TRIALS} trials (${totals.killed} killed), ${totals.messages} messages, duplicated ${totals.duplicated}, lost ${totals.lost}`,
    );
    expect(totals.killed).toBeGreaterThanOrEqual(TRIALS / 2);
    expect(totals.duplicated).toBe(0);
    expect(totals.lost).toBe(0);
  }, 240_000);
});
