/**
 * One Paperboy process of the two-instance alert test: its own store connection, cache,
 * scheduler and sink, on the shared store and the parent's fake Hugging Face.
 * argv: <json file | postgres url> <pg schema or -> <hf url> <sink file> <owner> <polls>
 * Says READY, waits for GO, then runs <polls> scheduler ticks, each in the next 5-minute
 * slot of a clock starting at 2026-08-21 10:00 UTC (both processes run the same clock).
 */
import { createScheduler } from '../../src/schedule/scheduler.js';
import { silentLogger } from '../../src/logger.js';
import { CachedSource } from '../../src/papers/cached-source.js';
import { HfClient } from '../../src/papers/hf-client.js';
import { openJsonStore } from '../../src/store/json/open.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { FileSink } from '../digest/file-sink.js';

const [where, schema, hfUrl, sinkFile, owner, polls] = process.argv.slice(2);
const store = where!.startsWith('postgres')
  ? await openPostgresStore({ url: where!, schema: schema!, logger: silentLogger })
  : await openJsonStore({ file: where!, logger: silentLogger });
const papers = new CachedSource({
  api: new HfClient({ baseUrl: hfUrl!, logger: silentLogger, sleep: async () => {} }),
  logger: silentLogger,
});
let now = Date.parse('2026-08-21T10:00:00Z');
const scheduler = createScheduler({
  store,
  papers,
  sinks: [new FileSink(sinkFile!)],
  logger: silentLogger,
  now: () => new Date(now),
  owner: owner!,
  // Each process steps its own fake clock, so the two can be minutes apart: a 2-minute
  // lease would then look expired to the one ahead and be taken over while the other is
  // still posting. Real instances share the wall clock; here the lease outlives the skew.
  leaseMs: 24 * 60 * 60_000,
});
process.stdout.write('READY\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
for (let i = 0; i < Number(polls); i++, now += 5 * 60_000) await scheduler.tick();
await scheduler.stop();
await store.close();
process.stdout.write('DONE\n');
