/**
 * One process of the JSON store's multi-process tests, on a shared data file.
 * argv: <data file> <mode> <process index> <count>
 *   burst:  say READY, wait for GO on stdin, add <count> subscriptions at once, print them as JSON
 *   stream: add subscriptions one after another, printing `ACK <id>` as each is durable,
 *           until killed (the parent SIGKILLs it mid-write)
 */
import { silentLogger } from '../../src/logger.js';
import { openJsonStore } from '../../src/store/json/open.js';
import type { Subscription } from '../../src/store/store.js';

const [file, mode, index, count] = process.argv.slice(2);
const store = await openJsonStore({ file: file!, logger: silentLogger });
const sub = (i: number): Subscription => ({
  id: `p${index}-${i}`,
  // Two places per process, so buckets and the per-place checks are both exercised.
  target: { platform: 'terminal', workspaceId: 'local', kind: 'channel', id: `place-${i % 2}` },
  topic: `topic p${index}-${i}`,
  key: `topic p${index}-${i}`,
  createdBy: 'U1',
  createdAt: new Date().toISOString(),
});

if (mode === 'burst') {
  process.stdout.write('READY\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  const results = await Promise.all(
    Array.from({ length: Number(count) }, (_, i) => store.subscriptions.add(sub(i), 1000)),
  );
  await store.close();
  process.stdout.write(`${JSON.stringify(results.map((r) => r.outcome))}\n`);
} else {
  for (let i = 0; ; i++) {
    await store.subscriptions.add(sub(i), 100_000);
    process.stdout.write(`ACK p${index}-${i}\n`);
  }
}
