import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SampleSource } from '../../src/papers/sample-source.js';
import { startHarness, type Harness } from './harness.js';

/** Weekly digests through the real Bolt App on the fake Slack Web API (the bundled sample's week 34). */
describe('weekly digests on Slack', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ source: new SampleSource(), now: new Date('2026-08-25T09:00:00Z') });
    h.fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
  });
  afterAll(async () => {
    await h.close();
  });

  it('`digest on days=weekly day=mon here` then `digest now here` posts the week as one thread', async () => {
    const [on] = await h.slash('digest on days=weekly day=mon here', { user: 'U0ADMIN' });
    expect(on!.body.text).toContain('Weekly digest on for this channel');
    expect(JSON.stringify(on!.body.blocks)).toContain('every Monday at 09:00');
    const [now] = await h.slash('digest now top=3 here', { user: 'U0ADMIN' });
    expect(now!.body.text).toContain('Posted the week 34 (17–23 Aug 2026) digest to this channel');
    const parents = h.fake.messages.filter((m) => !m.thread_ts);
    expect(parents).toHaveLength(1);
    expect(parents[0]!.text).toMatch(/^Weekly Papers · week 34 \(17–23 Aug 2026\) · \d+ papers, top 3/);
    expect(h.fake.messages.filter((m) => m.thread_ts === parents[0]!.ts)).toHaveLength(3);
  });

  it('explains a bad weekday in Slack words', async () => {
    const [answer] = await h.slash('digest on days=weekly day=someday');
    expect(answer!.body.text).toContain('mon, tue, wed, thu, fri, sat or sun');
  });
});
