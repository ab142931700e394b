/**
 * The child process of the kill-and-restart test: fans digests out to several targets
 * through the lowdb store and a file-backed sink, so the parent can SIGKILL it anywhere.
 * argv: <data file> <sink file> <targets> <list dates, comma separated>
 */
import { deliverAll } from '../../src/digest/fanout.js';
import { silentLogger } from '../../src/logger.js';
import { openJsonStore } from '../../src/store/json/open.js';
import { FileSink } from './file-sink.js';
import { ListSource, channel } from './helpers.js';

const [dataFile, sinkFile, targetCount, lists] = process.argv.slice(2);
const store = await openJsonStore({ file: dataFile!, logger: silentLogger });
// A little random latency per post, like a real platform, spreads the kill points.
const jitter = () => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 3));
// One '.' per post on stdout: the parent picks its kill point by progress, not by time.
const sink = new FileSink(sinkFile!, 'terminal', jitter, () => process.stdout.write('.'));
const targets = Array.from({ length: Number(targetCount) }, (_, i) => channel(`c${i}`));
const jobs = targets.flatMap((target) =>
  lists!.split(',').map((listDate) => ({ target, listDate, settings: { top: 4, minUpvotes: 0 } })),
);
process.stdout.write('READY\n');
const deps = {
  store,
  papers: new ListSource(),
  sinks: [sink],
  logger: silentLogger,
  now: () => new Date(),
  concurrency: 3,
  // A killed run's lease must run out before this run may take its rows over: keep it short.
  leaseMs: 400,
};
const settled = (outcome: string) => outcome === 'delivered' || outcome === 'already_delivered';
let reports = await deliverAll(jobs, deps);
for (let round = 0; round < 50 && reports.some((r) => !settled(r.outcome)); round++) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  reports = await deliverAll(jobs, deps);
}
await store.close();
process.stdout.write(`DONE ${reports.filter((r) => settled(r.outcome)).length}/${jobs.length}\n`);
