import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagOf } from '../../adapters/slack/recovery.js';
import { alertKey, createAlertPoller } from '../../src/alerts/poller.js';
import { toCard } from '../../src/papers/cards.js';
import { LIVE_NOW, liveSource } from '../papers/live-source.js';
import { startHarness, type Harness } from '../slack/harness.js';

/**
 * alert, alerts and unalert through the real Bolt App on the fake Slack Web API, and an
 * alert posted by the poller through the real Slack sink (tagged, so a takeover finds it).
 */
type Block = { type: string; text?: { text: string }; elements?: { text?: string }[] };

describe('alerts on Slack', () => {
  let h: Harness;
  let live: Awaited<ReturnType<typeof liveSource>>;
  beforeAll(async () => {
    live = await liveSource();
    h = await startHarness({ source: live.source, search: live.search, now: LIVE_NOW });
    h.fake.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true, tz: 'America/Los_Angeles' });
    h.fake.users.set('U0MEMBER', { id: 'U0MEMBER' });
  });
  afterAll(async () => {
    await h.close();
    await live.stop();
  });

  const say = async (text: string, user = 'U0MEMBER'): Promise<string> => {
    const [answer] = await h.slash(text, { user });
    const blocks = (answer!.body.blocks ?? []) as Block[];
    return [
      answer!.body.text ?? '',
      ...blocks.map((b) => b.text?.text ?? (b.elements ?? []).map((e) => e.text).join(' ')),
    ].join('\n');
  };

  it('sets, lists and removes a personal alert; quiet hours default to the person’s Slack zone', async () => {
    const set = await say('alert "speculative decoding" min_upvotes=20 quiet=22:00-07:30', 'U0ADMIN');
    expect(set).toContain('Alert set');
    expect(set).toContain('once it has 20 upvotes · quiet 22:00–07:30 America/Los_Angeles');
    const list = await say('alerts', 'U0ADMIN');
    expect(list).toContain('#1  "speculative decoding" — once it has 20 upvotes');
    expect(await say('unalert #1', 'U0ADMIN')).toContain('Alert removed');
    expect(await say('unalert #1', 'U0ADMIN')).toContain('no alerts, so there is nothing to remove');
  });

  it('a channel alert needs channel-admin rights, like a channel subscription', async () => {
    expect(await say('alert EnvRigger here')).toContain(
      'Only people who can manage this channel can change what it receives',
    );
    expect(await say('alert EnvRigger here', 'U0ADMIN')).toContain('come to this channel one at a time');
  });

  it('the poller posts it once to the channel, escaped and tagged, with its "matched: …" line', async () => {
    const poller = createAlertPoller({ ...h.services, papers: live.source, sinks: [h.slack.sink] });
    const report = await poller.poll();
    expect(report.posted.map((p) => [p.target.id, p.paperId])).toEqual([['C0GENERAL', '2608.19880']]);
    await poller.poll();
    const posts = h.fake.messages.filter((m) => m.channel === 'C0GENERAL' && !m.thread_ts);
    expect(posts).toHaveLength(1);
    const target = report.posted[0]!.target;
    expect(posts[0]!.metadata?.event_payload).toEqual({ key: tagOf(alertKey(target, '2608.19880')) });
    expect(JSON.stringify(posts[0]!.blocks)).toContain('matched: EnvRigger (abstract, keywords)');
    expect(posts[0]!.text).toContain('EnvHarness: Awakening Static Worlds');
  });

  it('after a crash between post and record, the next poll finds the tagged post and does not repeat it', async () => {
    const target = { platform: 'slack', workspaceId: 'T0PAPERBOY', kind: 'user' as const, id: 'U0CRASHED' };
    await h.services.store.alerts.add(
      {
        id: 'crash',
        target,
        topic: 'EnvRigger',
        key: 'envrigger',
        minUpvotes: 0,
        timezone: 'UTC',
        createdBy: 'U0CRASHED',
        createdAt: LIVE_NOW.toISOString(),
      },
      10,
    );
    // A process claimed the paper, posted it, and died before marking it sent.
    const key = alertKey(target, '2608.19880');
    await h.services.store.alertLedger.claim(target, '2608.19880', {
      owner: 'dead',
      now: new Date(LIVE_NOW.getTime() - 10 * 60_000),
      ms: 60_000,
    });
    const papers = (await live.source.day('2026-08-21')).value;
    await h.slack.sink.postSingle(
      target,
      toCard(
        papers.find((p) => p.id === '2608.19880')!,
        undefined,
        'x',
      ),
      key,
    );
    const dm = () => h.fake.messages.filter((m) => m.channel === 'D0CRASHED');
    expect(dm()).toHaveLength(1);

    const poller = createAlertPoller({ ...h.services, papers: live.source, sinks: [h.slack.sink] });
    const report = await poller.poll();
    expect(report.posted.filter((p) => p.target.id === 'U0CRASHED')).toHaveLength(1);
    expect(dm()).toHaveLength(1);
    expect(
      await h.services.store.alertLedger.claim(target, '2608.19880', { owner: 'z', now: LIVE_NOW, ms: 1 }),
    ).toMatchObject({
      status: 'sent',
    });
  });
});
