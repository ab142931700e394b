/**
 * Child of the Slack kill test: delivers digests through the real Slack sink (a real
 * WebClient against the parent's fake Slack Web API) and the JSON store, so the parent can
 * SIGKILL it between a post and its ledger write.
 * argv: <data file> <fake Slack API url> <channel id prefix> <targets> <list dates, comma separated>
 */
import { webApi } from '@slack/bolt';
import { createSlackSink } from '../../adapters/slack/sink.js';
import { deliverAll } from '../../src/digest/fanout.js';
import { silentLogger } from '../../src/logger.js';
import { openJsonStore } from '../../src/store/json/open.js';
import { ListSource } from '../digest/helpers.js';

const [dataFile, apiUrl, prefix, targetCount, lists] = process.argv.slice(2);
const store = await openJsonStore({ file: dataFile!, logger: silentLogger });
const client = new webApi.WebClient('xoxb-kill-test', {
  slackApiUrl: apiUrl!,
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
});
const sink = createSlackSink({ client, logger: silentLogger });
const targets = Array.from({ length: Number(targetCount) }, (_, i) => ({
  platform: 'slack',
  workspaceId: 'T0PAPERBOY',
  kind: 'channel' as const,
  id: `${prefix}${i}`,
}));
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
  leaseMs: 400,
};
const settled = (o: string) => o === 'delivered' || o === 'already_delivered';
let reports = await deliverAll(jobs, deps);
for (let round = 0; round < 50 && reports.some((r) => !settled(r.outcome)); round++) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  reports = await deliverAll(jobs, deps);
}
await store.close();
process.stdout.write(`DONE ${reports.filter((r) => settled(r.outcome)).length}/${jobs.length}\n`);
