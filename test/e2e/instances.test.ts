import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeIfPg, dropSchemas, testSchema } from '../store/pg-env.js';
import { LEASE_MS, postsPerTrial, startPlatforms, trial, type Platforms, type TrialResult } from './instances.js';

/**
 * Several instances on one database (the short version; `npm run test:soak` runs 20
 * trials): every instance ticks, each (place, list) is delivered by exactly one of them,
 * and when one is SIGKILLed mid-delivery the others finish its work within a lease.
 */
const TRIALS = 3;
const PER_PLATFORM = 3;
const schema = testSchema('instances');
let p: Platforms;

describeIfPg('three instances on one PostgreSQL, Discord and Slack', () => {
  beforeAll(async () => {
    p = await startPlatforms();
  });
  afterAll(async () => {
    await p?.close();
    await dropSchemas(schema);
  });

  it(`SIGKILL one at a random point in ${TRIALS} trials: 0 lost, 0 duplicated, 0 extra threads`, async () => {
    const results: TrialResult[] = [];
    for (let n = 0; n < TRIALS; n++) {
      const killAfter = 1 + Math.floor(Math.random() * (postsPerTrial(PER_PLATFORM) - 1));
      results.push(await trial(p, schema, n, PER_PLATFORM, killAfter));
    }
    const sum = (k: keyof TrialResult) => results.reduce((s, r) => s + r[k], 0);
    console.log(
      `instances: ${TRIALS} trials, ${sum('posts')} posts, lost ${sum('lost')}, duplicated ${sum('duplicated')}, extra threads ${sum('extraThreads')}, finish after kill ${results.map((r) => r.finishMs).join('/')} ms (lease ${LEASE_MS} ms)`,
    );
    expect(sum('lost')).toBe(0);
    expect(sum('duplicated')).toBe(0);
    expect(sum('extraThreads')).toBe(0);
    // A lease to run out, a tick (1 s) to notice, and the posts themselves.
    for (const r of results) expect(r.finishMs).toBeLessThan(LEASE_MS + 8_000);
  }, 300_000);
});
