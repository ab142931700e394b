import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeIfPg, dropSchemas, testSchema } from '../store/pg-env.js';
import { LEASE_MS, postsPerTrial, startPlatforms, trial, type Platforms, type TrialResult } from '../e2e/instances.js';

/** The long version of test/e2e/instances.test.ts: 20 trials, more places. */
const TRIALS = 20;
const PER_PLATFORM = 5;
const schema = testSchema('soak_instances');
let p: Platforms;

describeIfPg('soak: three instances on one PostgreSQL, one SIGKILLed per trial', () => {
  beforeAll(async () => {
    p = await startPlatforms();
  });
  afterAll(async () => {
    await p?.close();
    await dropSchemas(schema);
  });

  it(`${TRIALS} trials: 0 lost, 0 duplicated, 0 extra threads; survivors finish within a lease`, async () => {
    const results: TrialResult[] = [];
    for (let n = 0; n < TRIALS; n++) {
      const killAfter = 1 + Math.floor(Math.random() * (postsPerTrial(PER_PLATFORM) - 1));
      results.push(await trial(p, schema, n, PER_PLATFORM, killAfter));
    }
    const sum = (k: keyof TrialResult) => results.reduce((s, r) => s + r[k], 0);
    const finish = results.map((r) => r.finishMs).sort((a, b) => a - b);
    console.log(
      `soak instances: ${TRIALS} trials, ${sum('posts')} posts, lost ${sum('lost')}, duplicated ${sum('duplicated')}, extra threads ${sum('extraThreads')}; finish after kill median ${finish[TRIALS >> 1]} ms, max ${finish.at(-1)} ms (lease ${LEASE_MS} ms)`,
    );
    expect(sum('lost') + sum('duplicated') + sum('extraThreads')).toBe(0);
  }, 1_200_000);
});
